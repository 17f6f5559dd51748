import { usePageTitle } from '../hooks';
import { useT } from '../i18n/I18n';

export function NotFoundPage() {
  const t = useT();
  usePageTitle(t('notFound.title'));
  return (
    <div className="container">
      <h1>{t('notFound.title')}</h1>
      <p>{t('notFound.body')}</p>
      <p>
        <a href="/">{t('notFound.home')}</a>
      </p>
    </div>
  );
}
