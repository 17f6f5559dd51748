import { useEffect, useState } from 'react';
import { useT } from '../../i18n/I18n';
import type { DeviceProgress } from './devices';

/**
 * What the device's worker is doing (./devices.ts), with the seconds since it started, ticking: the page keeps
 * answering while the board is read, checked, shuffled or decrypted off the main thread.
 */
export function DeviceProgressLine({ progress, testId }: { progress: DeviceProgress | null; testId: string }) {
  const t = useT();
  const [started] = useState(() => Date.now());
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(id);
  }, []);
  const what = !progress
    ? null
    : progress.phase === 'reading'
      ? t('ranked.progress.reading', { records: progress.records })
      : progress.phase === 'checking'
        ? t('ranked.progress.checking')
        : progress.phase === 'shuffling'
          ? t('ranked.progress.shuffling', { rows: progress.rows })
          : progress.phase === 'uploading'
            ? t('ranked.progress.uploading', { mb: (progress.bytes / 1e6).toFixed(1) })
            : t('ranked.progress.decrypting', { cells: progress.cells });
  return (
    <p className="hint" data-testid={testId} data-phase={progress?.phase ?? ''}>
      {what} {t('ranked.progress.elapsed', { s: Math.floor((now - started) / 1000) })}
    </p>
  );
}
