import type { JourneysMessageKey } from './journeys.en';

/**
 * Cymraeg: rhannau cyffredin y teithiau (siart rowndiau’r ornest, canfyddiadau’r gwiriwr sêl). Drafftiwyd pob
 * llinyn gan beiriant o’r Saesneg ac mae’n aros am adolygiad gan siaradwr Cymraeg rhugl (fel ./cy.ts; gweler cyReview).
 */
export const journeysCy: Record<JourneysMessageKey, string> = {
  'journeys.roundsChart.title': 'Pleidleisiau pob ymgeisydd, rownd wrth rownd',
  'journeys.roundsChart.desc': 'Rowndiau a gyhoeddwyd: {rounds}. Y mwyaf o bleidleisiau yn y rownd ddiweddaraf: {leader} ({votes}). Mae pob rhif yn y tabl isod.',
  'journeys.error.englishDetails': 'Manylion y gweinydd, yn Saesneg',
  'journeys.seal.notChecked': 'heb ei wirio',
  'journeys.seal.englishDetails': 'Manylion y gwiriwr, yn Saesneg',
  'journeys.seal.S1': 'Mae hash y sêl yn cwmpasu pob maes.',
  'journeys.seal.S2': 'Mae un slot ar gyfer pob aelod o’r etholaeth, fel y dywed y rhestr gyhoeddus ar gyfer y diwrnod hwnnw.',
  'journeys.seal.S3': 'Y trothwy yw’r un a osodir gan y llyfr rheolau.',
  'journeys.seal.S4': 'Mae’r sêl yn dilyn sêl flaenorol yr un weithdrefn.',
  'journeys.seal.S5': 'Mae pob slot yn dal 0 neu 1.',
  'journeys.seal.S6': 'Mae’r cyfrif wedi’i selio ar yr ochr o’r trothwy a gyhoeddwyd.',
  'journeys.seal.S7': 'Mae tagiau’r slotiau yn ddilys, yn wahanol ac mewn trefn.',
  'journeys.seal.S8': 'Allweddi’r aelodau yw rhai’r etholaeth a’r gofrestr allweddi gyhoeddus.',
  'journeys.seal.S9': 'Mae pob tag wedi’i rwymo i allwedd un aelod.',
  'journeys.seal.M1': 'Mae’r sêl yn rhestru eich allwedd eich hun.',
  'journeys.seal.M2': 'Mae un slot yn union yn cario eich tag, yr un a enwodd y gweinydd.',
  'journeys.seal.M3': 'Mae eich slot yn dal yr hyn y mae eich llythyr yn ei ddweud (1 os caiff ei gyfrif, 0 os na).',
  'journeys.seal.F1': 'Mae’r sêl yn rhestru eich sylfaen heb allwedd.',
  'journeys.seal.F2': 'Mae’r slot a enwodd y gweinydd wedi’i rwymo i chi ac i ddim aelod arall.',
  'journeys.seal.F3': 'Mae eich slot yn agor i’r hyn y mae eich llythyr yn ei ddweud (1 os caiff ei gyfrif, 0 os na).',
  'journeys.demo.authorityButton': 'Demo: gwneud allwedd awdurdod yn y porwr hwn',
  'journeys.demo.authorityHint': 'Ar y gweinydd demo hwn gallwch chwarae rhan yr awdurdod tystlythyrau eich hun: caiff yr allwedd ei gwneud a’i chadw yn y porwr hwn. Mewn pleidlais go iawn rhywun arall yw’r awdurdod, yn gweithio all-lein gyda’r llinell orchymyn.',
  'journeys.demo.authorityMade': 'Gwnaed allwedd awdurdod demo yn y porwr hwn a’i rhoi yn y maes.',
  'journeys.demo.issueButton': 'Demo: cyhoeddi tystlythyrau’r pleidleiswyr o’r porwr hwn',
  'journeys.demo.issueHint': 'Mae’r porwr hwn yn dal allwedd yr awdurdod demo: mae’n gwneud un tystlythyr ar gyfer pob un o’r {n} etholwr, yn llofnodi’r rhestr ac yn llwytho’r allweddi cyhoeddus i fyny. Mae’r cyfrinachau’n aros yn y porwr hwn, i roi cynnig ar y bwth.',
  'journeys.demo.issued': 'Tystlythyrau wedi’u cyhoeddi a’u llwytho i fyny: {n}.',
  'journeys.demo.tryHeading': 'Tystlythyrau demo i roi cynnig ar y bwth',
  'journeys.demo.tryBody': 'Mewn pleidlais go iawn mae pob etholwr yn cael un yn breifat. Copïwch un a’i gludo yn y bwth unwaith y bydd y bleidlais ar agor.',
  'journeys.demo.credential': 'tystlythyr demo {n}',
  'journeys.demo.toBooth': 'Agor y bwth',
  'journeys.demo.accountsHeading': 'Cyfrifon demo',
  'journeys.demo.use': 'Defnyddio',
  'journeys.demo.account.chair': 'y cadeirydd (Syr Graham Brady): y cyfrif, y cyfrif wedi’i selio, y bleidlais',
  'journeys.demo.account.officer': 'swyddog: y cyfrif a’r enwau; ymddiriedolwr y bleidlais',
  'journeys.demo.account.mp': 'AS (Peter Aldous): ei lythyr ei hun; pob AS yw member-id@members.demo',
  'journeys.demo.account.editor': 'golygydd y traciwr: y traciwr cyhoeddus',
};
