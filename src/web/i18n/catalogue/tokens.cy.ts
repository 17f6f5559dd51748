import type { TokensMessageKey } from './tokens.en';

/**
 * Cymraeg: tudalen y tocynnau API. Drafftiwyd pob llinyn gan beiriant o’r Saesneg ac mae’n aros am adolygiad gan
 * siaradwr Cymraeg rhugl (fel ./cy.ts; gweler cyReview).
 */
export const tokensCy: Record<TokensMessageKey, string> = {
  'tokens.nav': 'Tocynnau API',
  'tokens.title': 'Tocynnau API',
  'tokens.lede': 'Mae tocyn yn gadael i’r llinell orchymyn weithredu ar eich rhan ar y gweinydd hwn: mae “confidence login --token …” yn ei gadw mewn ffeil y gallwch chi yn unig ei darllen. Cofnodir popeth a wneir ag ef yn y log archwilio dan eich enw chi.',
  'tokens.forbidden': 'Mae tocynnau API ar gyfer pobl sydd â chyfrif ar y gweinydd hwn.',
  'tokens.create.heading': 'Creu tocyn',
  'tokens.create.label': 'Beth yw ei ddiben',
  'tokens.create.hint': 'Er enghraifft: gliniadur y swyddfa. Chi yn unig sy’n gweld yr enw hwn.',
  'tokens.create.button': 'Creu’r tocyn',
  'tokens.create.busy': 'Wrthi’n creu…',
  'tokens.create.noLabel': 'Dywedwch beth yw diben y tocyn.',
  'tokens.created.heading': 'Eich tocyn newydd',
  'tokens.created.once': 'Copïwch ef nawr: fe’i dangosir y tro hwn yn unig, a dim ond ôl bys ohono a geidw’r gweinydd. Ar y cyfrifiadur a fydd yn ei ddefnyddio, rhedwch:',
  'tokens.list.heading': 'Eich tocynnau',
  'tokens.list.none': 'Nid oes gennych docynnau API.',
  'tokens.list.created': 'Crëwyd {when}',
  'tokens.list.lastUsed': 'Defnyddiwyd ddiwethaf {when}',
  'tokens.list.neverUsed': 'Heb ei ddefnyddio',
  'tokens.revoke.button': 'Dirymu',
  'tokens.revoke.title': 'Dirymu’r tocyn “{label}”?',
  'tokens.revoke.body': 'Bydd y llinell orchymyn sy’n ei ddefnyddio yn peidio â gweithio ar unwaith. Ni ellir dadwneud hyn; gallwch greu tocyn newydd.',
  'tokens.revoke.confirm': 'Ei ddirymu',
  'tokens.revoked': 'Mae’r tocyn “{label}” wedi’i ddirymu.',
  'tokens.loadError': 'Nid oedd modd llwytho eich tocynnau',
};
