import { errorMessage } from '../api';

/** A failed request, said plainly, with a way to try again. */
export function ErrorBanner({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  if (error === undefined || error === null) return null;
  return (
    <div class="banner banner-error" role="alert">
      <span>{errorMessage(error)}</span>
      {onRetry && (
        <button type="button" class="link-button" onClick={onRetry}>
          Retry
        </button>
      )}
    </div>
  );
}
