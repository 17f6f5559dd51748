/**
 * English strings of the postal batches page (src/web/pages/contest/ContestPostalPage.tsx), spread into the main
 * catalogue by ./index.ts. Welsh and French (./postal.cy.ts, ./postal.fr.ts) must have every key.
 */
export const postalEn = {
  'postal.title': 'Postal ballots',
  'postal.forbidden': 'Postal batches are entered by the chair or a counting officer.',
  'postal.lede': 'Each batch of returned papers goes on the members’ board whole, as one signed record followed by its ballots. The credential authority’s key and the members’ credentials stay on this device: the page prepares the batch here and sends only ballots and signatures.',
  'postal.noBoard': 'The members’ ballot has no board yet.',
  'postal.batches.heading': 'Batches on the board',
  'postal.batches.none': 'No postal batch has been entered yet.',
  'postal.batches.item': 'Batch {n}: {papers, plural, one {# paper} other {# papers}}, recorded {at}, record {seq}',
  'postal.batches.digest': 'Envelope list digest',
  'postal.batches.chain': 'Chain value',
  'postal.batches.keep': 'Keep the last chain value: “confidence verify BOARD --postal-chain VALUE” checks that the board’s batches end there, and “confidence contest postal-digest --batch FILE” gives a batch’s digest from your own list.',
  'postal.enter.heading': 'Enter a batch',
  'postal.enter.papers': 'Papers (CSV with the columns envelope, member_id, choice; an empty choice is a blank paper)',
  'postal.enter.papersFile': 'Or load the CSV from a file',
  'postal.enter.secrets': 'Members’ credentials (credentials-secret.jsonl)',
  'postal.enter.key': 'Credential authority key file',
  'postal.enter.button': 'Prepare and enter the batch',
  'postal.enter.busy': 'Entering…',
  'postal.enter.missing': 'Give the papers, the credentials file and the authority key file.',
  'postal.enter.wrongKey': 'This authority key is not the one the members’ ballot names.',
  'postal.entered': 'Batch {n} is on the board at record {seq} ({papers, plural, one {# paper} other {# papers}}). Digest {digest}; chain value {chain}.',
  'postal.loading': 'Loading the postal batches…',
  'postal.fate.heading': 'Check your ballot',
  'postal.fate.tracker': 'Your ballot’s tracker (from your receipt)',
  'postal.fate.button': 'Check',
  'postal.fate.counted': 'Your ballot (record {seq}) counts.',
  'postal.fate.replaced': 'Your ballot (record {seq}) no longer counts: your online ballot was replaced by a postal ballot recorded at {at} in batch {batch}. If you did not send a postal ballot, keep your receipt and tell the returning officer.',
  'postal.fate.revoked': 'Your ballot (record {seq}) no longer counts: the credential authority revoked your credential at record {rev}, and that revocation belongs to no postal batch. If you did not ask for a new credential, keep your receipt and tell the returning officer.',
  'postal.fate.superseded': 'Your ballot (record {seq}) does not count: your credential’s ballot at record {instead} counts instead.',
  'postal.channels.heading': 'Online and postal votes',
  'postal.channels.caption': 'Votes per candidate in each channel, decrypted from the members’ board',
  'postal.channels.online': 'Online',
  'postal.channels.postal': 'Postal',
  'postal.channels.total': 'Total',
  'postal.channels.blank': 'Rejected (blank)',
  'postal.channels.replaced': '{n, plural, one {# online ballot was} other {# online ballots were}} replaced by a postal ballot.',
} as const;

export type PostalMessageKey = keyof typeof postalEn;
