import type { ElectionView } from './api';
import { useT } from '../../i18n/I18n';

type Result = NonNullable<ElectionView['result']>;

/**
 * The decrypted result of a confidence vote, said once in the reader's language: who won with the numbers,
 * then how many Yes votes the rulebook's majority basis required (the server's English `explanation`
 * repeats the numbers, so it is not shown).
 */
export function BallotResultText({ result }: { result: Pick<Result, 'yes' | 'no' | 'electorate' | 'decision'> }) {
  const t = useT();
  const { yes, no, decision } = result;
  const votesCast = decision.basis === 'votes-cast';
  return (
    <>
      <strong>{t(decision.result === 'survived' ? 'result.survived' : 'result.lost', { yes, no })}</strong>.{' '}
      {t('ballotResult.basis', {
        required: decision.required,
        basis: votesCast ? 'votes' : 'all',
        base: votesCast ? yes + no : result.electorate,
        quorum: decision.quorumMet ? 'met' : 'missed',
      })}
    </>
  );
}
