import { usePageTitle } from '../hooks';

export function NotFoundPage() {
  usePageTitle('Page not found');
  return (
    <div className="container">
      <h1>Page not found</h1>
      <p>There is no page at this address.</p>
      <p>
        <a href="/">Go to the procedures</a>
      </p>
    </div>
  );
}
