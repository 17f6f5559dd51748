import { useState, type ChangeEvent, type InputHTMLAttributes } from 'react';
import { useT } from '../i18n/I18n';

/**
 * A file field in the page's language. The browser's own file input writes its button and its "no file chosen"
 * in the browser's interface language (a Welsh page on an English browser says "Choose File"), and neither can be
 * restyled or translated. Here the native input stays — labelled, focusable, the file chooser and drag and drop
 * unchanged, `setInputFiles` in tests unchanged — but transparent, laid over a face drawn in the page's language
 * that names the chosen files; the face shows the input's keyboard focus.
 */
export function FileInput({ onChange, multiple, ...props }: Omit<InputHTMLAttributes<HTMLInputElement>, 'type'> & { id: string }) {
  const t = useT();
  const [names, setNames] = useState<string[]>([]);
  function changed(ev: ChangeEvent<HTMLInputElement>) {
    setNames([...(ev.target.files ?? [])].map((f) => f.name));
    onChange?.(ev);
  }
  return (
    <span className="file-input">
      <input {...props} multiple={multiple} type="file" onChange={changed} />
      <span className="file-input-face" aria-hidden="true">
        <span className="file-input-button">{t(multiple ? 'journeys.file.chooseMany' : 'journeys.file.choose')}</span>
        <span className="file-input-names">{names.length ? names.join(', ') : t(multiple ? 'journeys.file.noneMany' : 'journeys.file.none')}</span>
      </span>
    </span>
  );
}
