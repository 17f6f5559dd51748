import { useEffect, useId, useRef, useState, type ChangeEvent, type DragEvent, type InputHTMLAttributes } from 'react';
import { useT } from '../i18n/I18n';

/**
 * A file field in the page's language. The browser's own file input says "Choose File" and "No file chosen" in the
 * browser's interface language (a Welsh page on an English browser), to the eye and to screen readers, and can be
 * neither restyled nor translated. Here the native input is visually hidden, out of the tab order and hidden from
 * assistive technology; a real button in the page's language opens its chooser (Enter or Space, a click, a tap),
 * named by the field's label ("<label> — Choose a file"), and the chosen file names are shown and announced (a polite
 * live region). The input keeps the id, so `<label for>` still opens the chooser, files may still be dropped on the
 * field, and tests still choose files with `setInputFiles('#id')`.
 */
export function FileInput({ onChange, multiple, id, className, 'aria-describedby': describedBy, ...props }: Omit<InputHTMLAttributes<HTMLInputElement>, 'type'> & { id: string }) {
  const t = useT();
  const own = useId();
  const input = useRef<HTMLInputElement>(null);
  const [names, setNames] = useState<string[]>([]);
  const [labelId, setLabelId] = useState<string | null>(null);
  // The page's own <label for={id}> names the button too (the button cannot be its `for` target: the input is).
  useEffect(() => {
    const label = document.querySelector<HTMLLabelElement>(`label[for="${CSS.escape(id)}"]`);
    if (!label) return setLabelId(null);
    if (!label.id) label.id = `${id}-label`;
    setLabelId(label.id);
  }, [id]);
  function changed(ev: ChangeEvent<HTMLInputElement>) {
    setNames([...(ev.target.files ?? [])].map((f) => f.name));
    onChange?.(ev);
  }
  function dropped(ev: DragEvent<HTMLSpanElement>) {
    const el = input.current;
    if (!el || props.disabled || !ev.dataTransfer.files.length) return;
    ev.preventDefault();
    const chosen = new DataTransfer();
    for (const f of multiple ? [...ev.dataTransfer.files] : [ev.dataTransfer.files[0]!]) chosen.items.add(f);
    el.files = chosen.files;
    el.dispatchEvent(new Event('change', { bubbles: true }));
  }
  const buttonText = `${own}-button`;
  const namesId = `${own}-names`;
  return (
    <span className={`file-input ${className ?? ''}`.trim()} onDragOver={(ev) => ev.preventDefault()} onDrop={dropped}>
      <input {...props} ref={input} id={id} multiple={multiple} type="file" className="visually-hidden" tabIndex={-1} aria-hidden="true" onChange={changed} />
      <button
        type="button"
        className="file-input-button"
        id={`${id}-button`}
        data-testid={`${id}-button`}
        disabled={props.disabled}
        aria-labelledby={labelId ? `${labelId} ${buttonText}` : buttonText}
        aria-describedby={[namesId, describedBy].filter(Boolean).join(' ')}
        onClick={() => input.current?.click()}
      >
        <span id={buttonText}>{t(multiple ? 'journeys.file.chooseMany' : 'journeys.file.choose')}</span>
      </button>
      <span className="file-input-names" id={namesId} data-testid={`${id}-names`} aria-live="polite">
        {names.length ? t(names.length > 1 ? 'journeys.file.chosenMany' : 'journeys.file.chosen', { names: names.join(', ') }) : t(multiple ? 'journeys.file.noneMany' : 'journeys.file.none')}
      </span>
    </span>
  );
}
