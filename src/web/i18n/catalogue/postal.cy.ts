import type { PostalMessageKey } from './postal.en';

/**
 * Cymraeg: tudalen y pleidleisiau post. Drafftiwyd pob llinyn gan beiriant o’r Saesneg ac mae’n aros am adolygiad gan
 * siaradwr Cymraeg rhugl (fel ./cy.ts; gweler cyReview).
 */
export const postalCy: Record<PostalMessageKey, string> = {
  'postal.title': 'Pleidleisiau post',
  'postal.forbidden': 'Y cadeirydd neu swyddog cyfrif sy’n cofnodi sypiau post.',
  'postal.lede': 'Mae pob swp o bapurau a ddychwelwyd yn mynd ar fwrdd yr aelodau yn gyfan, fel un cofnod wedi’i lofnodi a’i bleidleisiau’n ei ddilyn. Mae allwedd yr awdurdod cymwysterau a chymwysterau’r aelodau’n aros ar y ddyfais hon: mae’r dudalen yn paratoi’r swp yma ac yn anfon pleidleisiau a llofnodion yn unig.',
  'postal.noBoard': 'Nid oes bwrdd gan bleidlais yr aelodau eto.',
  'postal.batches.heading': 'Sypiau ar y bwrdd',
  'postal.batches.none': 'Nid oes swp post wedi’i gofnodi eto.',
  'postal.batches.item': 'Swp {n}: {papers, plural, one {# papur} other {# papur}}, cofnodwyd {at}, cofnod {seq}',
  'postal.batches.digest': 'Crynodeb y rhestr amlenni',
  'postal.batches.chain': 'Gwerth y gadwyn',
  'postal.batches.keep': 'Cadwch werth olaf y gadwyn: mae “confidence verify BOARD --postal-chain VALUE” yn gwirio bod sypiau’r bwrdd yn gorffen yno, ac mae “confidence contest postal-digest --batch FILE” yn rhoi crynodeb swp o’ch rhestr eich hun.',
  'postal.enter.heading': 'Cofnodi swp',
  'postal.enter.papers': 'Papurau (CSV gyda’r colofnau envelope, member_id, choice; mae dewis gwag yn bapur gwag)',
  'postal.enter.papersFile': 'Neu lwythwch y CSV o ffeil',
  'postal.enter.secrets': 'Cymwysterau’r aelodau (credentials-secret.jsonl)',
  'postal.enter.key': 'Ffeil allwedd yr awdurdod cymwysterau',
  'postal.enter.button': 'Paratoi a chofnodi’r swp',
  'postal.enter.busy': 'Wrthi’n cofnodi…',
  'postal.enter.missing': 'Rhowch y papurau, ffeil y cymwysterau a ffeil allwedd yr awdurdod.',
  'postal.enter.wrongKey': 'Nid hon yw’r allwedd awdurdod y mae pleidlais yr aelodau’n ei henwi.',
  'postal.entered': 'Mae swp {n} ar y bwrdd yng nghofnod {seq} ({papers, plural, one {# papur} other {# papur}}). Crynodeb {digest}; gwerth y gadwyn {chain}.',
  'postal.loading': 'Wrthi’n llwytho’r sypiau post…',
  'postal.fate.heading': 'Gwirio eich pleidlais',
  'postal.fate.tracker': 'Traciwr eich pleidlais (o’ch derbynneb)',
  'postal.fate.button': 'Gwirio',
  'postal.fate.counted': 'Mae eich pleidlais (cofnod {seq}) yn cyfrif.',
  'postal.fate.replaced': 'Nid yw eich pleidlais (cofnod {seq}) yn cyfrif mwyach: disodlwyd eich pleidlais ar-lein gan bleidlais bost a gofnodwyd am {at} yn swp {batch}. Os na anfonoch bleidlais bost, cadwch eich derbynneb a dywedwch wrth y swyddog canlyniadau.',
  'postal.fate.revoked': 'Nid yw eich pleidlais (cofnod {seq}) yn cyfrif mwyach: diddymodd yr awdurdod cymwysterau eich cymhwyster yng nghofnod {rev}, ac nid yw’r diddymiad hwnnw’n perthyn i unrhyw swp post. Os na ofynnoch am gymhwyster newydd, cadwch eich derbynneb a dywedwch wrth y swyddog canlyniadau.',
  'postal.fate.superseded': 'Nid yw eich pleidlais (cofnod {seq}) yn cyfrif: pleidlais eich cymhwyster yng nghofnod {instead} sy’n cyfrif yn ei lle.',
  'postal.channels.heading': 'Pleidleisiau ar-lein a thrwy’r post',
  'postal.channels.caption': 'Pleidleisiau pob ymgeisydd ym mhob sianel, wedi’u dadgryptio o fwrdd yr aelodau',
  'postal.channels.online': 'Ar-lein',
  'postal.channels.postal': 'Post',
  'postal.channels.total': 'Cyfanswm',
  'postal.channels.blank': 'Gwrthodwyd (gwag)',
  'postal.channels.replaced': '{n, plural, one {Disodlwyd # bleidlais ar-lein} other {Disodlwyd # pleidlais ar-lein}} gan bleidlais bost.',
};
