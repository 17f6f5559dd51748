import { useState, type InputHTMLAttributes, type ReactNode, type Ref, type SyntheticEvent } from 'react';
import {
  Button,
  Checkbox as AriaCheckbox,
  FieldError,
  Input,
  Label,
  ListBox,
  ListBoxItem,
  Popover,
  Select as AriaSelect,
  SelectValue,
  Text,
  TextArea,
  TextField as AriaTextField,
  type Key,
} from 'react-aria-components';
import { useT } from '../i18n/I18n';
import { formatDateTime, formatDay, ukLocalToIso } from '../format';

/**
 * The form fields every page uses, on React Aria Components with the project's look (GOV.UK's patterns: the
 * label above the field, a hint under it, an error between the hint and the field, the field marked invalid).
 * React Aria wires the label, the hint and the error to the control (`aria-describedby`, `aria-invalid`,
 * `aria-required`), keeps native constraint validation, and gives the select a listbox that works by keyboard,
 * pointer, touch and screen reader alike. The ids given here land on the control itself, so a field is still
 * reached by its label, its id or its test id.
 */

interface FieldBase {
  id: string;
  label: ReactNode;
  /** A hint under the label (what to type, what happens). */
  hint?: ReactNode;
  /** An error shown next to the field (the field is then marked invalid); null when valid. */
  error?: string | null;
  isRequired?: boolean;
  isDisabled?: boolean;
  className?: string;
  testId?: string;
}

export interface TextFieldProps extends FieldBase {
  value: string;
  onChange: (value: string) => void;
  /** text, email, url, search, date, datetime-local, number… (dates keep the platform's picker, best on phones). */
  type?: string;
  /** A multi-line text box. */
  rows?: number;
  isReadOnly?: boolean;
  maxLength?: number;
  autoComplete?: string;
  placeholder?: string;
  inputRef?: Ref<HTMLInputElement>;
  /** Attributes the control takes as they are (min, max, step, spellCheck, inputMode, name). */
  inputProps?: Pick<InputHTMLAttributes<HTMLInputElement>, 'min' | 'max' | 'step' | 'spellCheck' | 'inputMode' | 'name'>;
}

/** The label, the hint and the error (its text has the id `<field id>-error`, for links from a summary). */
function FieldParts({ id, label, hint, error }: { id: string; label: ReactNode; hint?: ReactNode; error?: string | null }) {
  return (
    <>
      <Label>{label}</Label>
      {hint && (
        <Text slot="description" elementType="p" className="hint">
          {hint}
        </Text>
      )}
      <FieldError className="field-error-message">{error ? (
          <span role="alert" id={`${id}-error`}>
            {error}
          </span>
        ) : null}</FieldError>
    </>
  );
}

export function TextField(p: TextFieldProps) {
  const rest = p.inputProps ?? {};
  const dated = p.type === 'date' || p.type === 'datetime-local';
  // A date half typed (a day without its month or year) has the value '' and `validity.badInput`: the page would
  // take it for no date at all. It is said under the field while typing, and the field is marked invalid once left.
  const [partial, setPartial] = useState<{ now: boolean; left: boolean }>({ now: false, left: false });
  const watch = (left: boolean) => (ev: SyntheticEvent<HTMLInputElement>) => {
    const now = ev.currentTarget.validity.badInput;
    setPartial((x) => ({ now, left: left ? now : x.left && now }));
  };
  const dateWatch = dated ? { onInput: watch(false), onKeyUp: watch(false), onBlur: watch(true) } : {};
  const invalid = Boolean(p.error) || (partial.now && partial.left);
  return (
    <AriaTextField
      id={p.id}
      className={`field ${invalid ? 'field-error' : ''} ${p.className ?? ''}`.trim()}
      value={p.value}
      onChange={p.onChange}
      type={p.type ?? 'text'}
      isRequired={p.isRequired}
      isDisabled={p.isDisabled}
      isReadOnly={p.isReadOnly}
      isInvalid={invalid || undefined}
      maxLength={p.maxLength}
      autoComplete={p.autoComplete}
      // The page decides when an error shows (on submit, next to the field); `required` stays on the control, so a
      // form that uses the platform's own check (no noValidate) keeps it.
      validationBehavior="aria"
    >
      <FieldParts id={p.id} label={p.label} hint={p.hint} error={p.error} />
      {p.rows ? (
        <TextArea rows={p.rows} placeholder={p.placeholder} data-testid={p.testId} spellCheck={rest.spellCheck} required={p.isRequired} />
      ) : (
        <Input {...rest} {...dateWatch} ref={p.inputRef} placeholder={p.placeholder} data-testid={p.testId} required={p.isRequired} />
      )}
      {dated && <DateReadBack id={p.id} type={p.type as 'date' | 'datetime-local'} value={p.value} partial={partial.now} />}
    </AriaTextField>
  );
}

/**
 * The chosen date said back in the page's language. The platform's date fields keep the phone's own picker, but
 * lay their segments out in the browser's interface language, not the page's (a French page on an English browser
 * shows mm/dd/yyyy): the line under the field removes the doubt — "Choisi : lun. 6 juin 2022, 18:00 (heure du
 * Royaume-Uni)" — whatever order the field uses (ADR 0211). While a date is typed only in part, the same line says
 * what is missing instead, in the page's language (the field itself says nothing, and its value is then '').
 */
function DateReadBack({ id, type, value, partial }: { id: string; type: 'date' | 'datetime-local'; value: string; partial: boolean }) {
  const t = useT();
  const iso = type === 'date' ? (/^\d{4}-\d{2}-\d{2}$/.test(value) ? value : null) : ukLocalToIso(value);
  // One polite live region, always present (a region that appears with its text is often not announced).
  return (
    <p className={`hint date-readback ${partial ? 'date-partial' : ''}`.trim()} id={`${id}-readback`} data-testid={`${id}-readback`} aria-live="polite">
      {partial ? t(type === 'date' ? 'journeys.date.incomplete' : 'journeys.date.incompleteTime') : iso ? t('journeys.date.chosen', { when: type === 'date' ? formatDay(iso) : formatDateTime(iso) }) : null}
    </p>
  );
}

/** True when a date field holds a date typed only in part (its value is then '', like an empty field's). */
export function dateIncomplete(id: string): boolean {
  const el = document.getElementById(id);
  return el instanceof HTMLInputElement && el.validity.badInput;
}

export interface SelectOption {
  value: string;
  label: string;
  /** The option's language when it differs from the page's (a rulebook's English name). */
  lang?: string;
}

export interface SelectProps extends FieldBase {
  value: string;
  onChange: (value: string) => void;
  options: readonly SelectOption[];
  /** Shown while nothing is chosen (value ''). */
  placeholder?: string;
}

/**
 * A menu of options: a button showing the choice, opening a listbox (arrow keys, type-ahead, Enter or Space to
 * choose, Escape to close). The button carries the id and the test id.
 */
export function Select(p: SelectProps) {
  return (
    <AriaSelect
      className={`field field-select ${p.error ? 'field-error' : ''} ${p.className ?? ''}`.trim()}
      value={p.value === '' ? null : (p.value as Key)}
      placeholder={p.placeholder}
      onChange={(k) => {
        if (k !== null && k !== undefined) p.onChange(String(k));
      }}
      isRequired={p.isRequired}
      isDisabled={p.isDisabled}
      isInvalid={p.error ? true : undefined}
      validationBehavior="aria"
    >
      <FieldParts id={p.id} label={p.label} hint={p.hint} error={p.error} />
      <Button id={p.id} className="select-button" data-testid={p.testId}>
        <SelectValue className="select-value" />
        <span className="select-arrow" aria-hidden="true">
          ▾
        </span>
      </Button>
      <Popover className="select-popover">
        <ListBox className="select-list">
          {p.options.map((o) => (
            <ListBoxItem key={o.value} id={o.value} textValue={o.label} className="select-option" lang={o.lang}>
              {({ isSelected }) => (
                <>
                  <span className="select-check" aria-hidden="true">
                    {isSelected ? '✓' : ''}
                  </span>
                  {o.label}
                </>
              )}
            </ListBoxItem>
          ))}
        </ListBox>
      </Popover>
    </AriaSelect>
  );
}

/** A single checkbox with its label beside it; the box is drawn by us, the native input stays for the platform. */
export function Checkbox({ id, isSelected, onChange, children, testId }: { id?: string; isSelected: boolean; onChange: (v: boolean) => void; children: ReactNode; testId?: string }) {
  return (
    <AriaCheckbox id={id} className="checkbox" isSelected={isSelected} onChange={onChange} data-testid={testId}>
      {({ isSelected: on }) => (
        <>
          <span className="checkbox-box" aria-hidden="true">
            {on ? '✓' : ''}
          </span>
          {children}
        </>
      )}
    </AriaCheckbox>
  );
}
