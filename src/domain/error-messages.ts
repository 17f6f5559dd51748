import { ERROR_CODES, type ErrorCode } from './errors';

/**
 * What each stable error code means, in the three languages the product speaks. The English is the
 * registry's own summary (src/domain/errors.ts); Welsh and French are drafted translations of it.
 * The web app shows the entry for the code it receives; the API adds it when Accept-Language asks
 * for Welsh or French; the CLI follows LANG. Codes added to the registry without a translation here
 * fail the catalogue test (src/domain/error-messages.test.ts) and show the English summary meanwhile.
 *
 * Review status: every Welsh and French entry was machine-drafted and awaits a fluent reviewer.
 */
export const ERROR_LANGUAGES = ['en', 'cy', 'fr'] as const;
export type ErrorLanguage = (typeof ERROR_LANGUAGES)[number];

export const ERROR_MESSAGES_REVIEW = { cy: 'machine-drafted', fr: 'machine-drafted' } as const;

type Translated = { cy: string; fr: string };

export const ERROR_TRANSLATIONS: Partial<Record<ErrorCode, Translated>> = {
  VALIDATION_FAILED: { cy: 'Nid yw’r mewnbwn yn ddilys.', fr: 'La saisie n’est pas valide.' },
  MALFORMED_JSON: { cy: 'Nid yw corff y cais yn JSON dilys.', fr: 'Le corps de la requête n’est pas du JSON valide.' },
  BODY_TOO_LARGE: { cy: 'Mae corff y cais yn rhy fawr.', fr: 'Le corps de la requête est trop volumineux.' },
  UNSUPPORTED_MEDIA_TYPE: { cy: 'Rhaid i gorff y cais fod yn JSON.', fr: 'Le corps de la requête doit être du JSON.' },
  ROUTE_NOT_FOUND: { cy: 'Nid oes pwynt terfyn o’r fath.', fr: 'Ce point d’accès n’existe pas.' },
  NOT_FOUND: { cy: 'Nid oes cofnod o’r fath.', fr: 'Cet enregistrement n’existe pas.' },
  CONFLICT: { cy: 'Mae’r cais yn gwrthdaro â’r cyflwr presennol.', fr: 'La requête est en conflit avec l’état actuel.' },
  INTERNAL: { cy: 'Aeth rhywbeth o’i le ar ein hochr ni.', fr: 'Une erreur s’est produite de notre côté.' },
  UNAUTHENTICATED: { cy: 'Mewngofnodwch yn gyntaf.', fr: 'Connectez-vous d’abord.' },
  FORBIDDEN: { cy: 'Nid yw eich rôl yn caniatáu hyn.', fr: 'Votre rôle ne permet pas cette action.' },
  CSRF_FAILED: { cy: 'Nid oedd tocyn CSRF dilys gyda’r cais.', fr: 'La requête ne portait pas de jeton CSRF valide.' },
  RATE_LIMITED: { cy: 'Gormod o ymdrechion; arhoswch a rhowch gynnig arall arni.', fr: 'Trop de tentatives ; attendez puis réessayez.' },
  LOGIN_CODE_INVALID: { cy: 'Mae’r cod untro yn anghywir neu wedi dod i ben.', fr: 'Le code à usage unique est erroné ou a expiré.' },
  ACCOUNT_NOT_FOUND: { cy: 'Nid oes cyfrif gyda’r cyfeiriad e-bost hwnnw.', fr: 'Aucun compte avec cette adresse e-mail.' },
  CSV_INVALID: { cy: 'Nid yw’r ffeil CSV yn ddilys; ni fewnforiwyd dim.', fr: 'Le fichier CSV n’est pas valide ; rien n’a été importé.' },
  MEMBER_NOT_FOUND: { cy: 'Nid oes aelod o’r fath.', fr: 'Ce membre n’existe pas.' },
  RULEBOOK_NOT_FOUND: { cy: 'Nid oes llyfr rheolau o’r fath.', fr: 'Ce règlement n’existe pas.' },
  RULEBOOK_INVALID: { cy: 'Nid yw’r llyfr rheolau yn ddilys.', fr: 'Le règlement n’est pas valide.' },
  PROCEDURE_NOT_FOUND: { cy: 'Nid oes gweithdrefn o’r fath.', fr: 'Cette procédure n’existe pas.' },
  INVALID_TRANSITION: { cy: 'Nid yw’r weithdrefn mewn cyflwr sy’n caniatáu hyn.', fr: 'La procédure n’est pas dans un état qui permet cette action.' },
  NOT_ELIGIBLE: { cy: 'Nid yw’r aelod yn gymwys i ysgrifennu llythyr yn y weithdrefn hon.', fr: 'Ce membre n’a pas le droit d’écrire une lettre dans cette procédure.' },
  LETTER_NOT_FOUND: { cy: 'Nid oes gan yr aelod lythyr ar ffeil.', fr: 'Ce membre n’a aucune lettre enregistrée.' },
  POSTDATING_NOT_ALLOWED: { cy: 'Nid yw’r llyfr rheolau yn caniatáu llythyrau ôl-ddyddiedig.', fr: 'Le règlement ne permet pas les lettres postdatées.' },
  WITHDRAWAL_NOT_ALLOWED: { cy: 'Nid yw’r llyfr rheolau yn caniatáu tynnu llythyrau’n ôl.', fr: 'Le règlement ne permet pas de retirer une lettre.' },
  ELECTION_NOT_FOUND: { cy: 'Nid oes etholiad o’r fath.', fr: 'Ce scrutin n’existe pas.' },
  ELECTION_EXISTS: { cy: 'Mae gan y weithdrefn hon etholiad eisoes.', fr: 'Cette procédure a déjà un scrutin.' },
  ELECTION_NOT_OPEN: { cy: 'Nid yw’r etholiad ar agor i bleidleisio eto.', fr: 'Le scrutin n’est pas encore ouvert.' },
  ELECTION_CLOSED: { cy: 'Mae’r etholiad wedi cau; ni dderbynnir rhagor o bapurau pleidleisio.', fr: 'Le scrutin est clos ; plus aucun bulletin n’est accepté.' },
  ELECTION_WRONG_STAGE: { cy: 'Nid yw’r etholiad ar y cam y mae’r cam hwn yn perthyn iddo.', fr: 'Le scrutin n’en est pas à l’étape à laquelle appartient cette action.' },
  BALLOT_MALFORMED: { cy: 'Nid yw’r papur pleidleisio wedi’i ffurfio’n dda.', fr: 'Le bulletin est mal formé.' },
  BALLOT_INVALID_PROOF: { cy: 'Mae prawf y papur pleidleisio ei fod yn dal 0 neu 1 yn annilys.', fr: 'La preuve que le bulletin contient 0 ou 1 est invalide.' },
  BALLOT_INVALID_SIGNATURE: { cy: 'Mae llofnod tystlythyr y papur pleidleisio yn annilys.', fr: 'La signature de l’identifiant du bulletin est invalide.' },
  BALLOT_UNKNOWN_CREDENTIAL: { cy: 'Nid yw tystlythyr y papur pleidleisio ar y rhestr (neu fe’i dirymwyd).', fr: 'L’identifiant du bulletin n’est pas sur la liste (ou a été révoqué).' },
  BALLOT_REPLAYED: { cy: 'Bwriwyd y papur pleidleisio hwn eisoes.', fr: 'Ce bulletin a déjà été déposé.' },
  CREDENTIALS_INVALID: { cy: 'Nid yw’r rhestr dystlythyrau yn ddilys.', fr: 'La liste des identifiants n’est pas valide.' },
  TRUSTEE_MESSAGE_INVALID: { cy: 'Nid yw neges yr ymddiriedolwr yn ddilys.', fr: 'Le message du fiduciaire n’est pas valide.' },
  BOARD_CHECK_FAILED: { cy: 'Methodd y bwrdd bwletin un o’r gwiriadau.', fr: 'Le tableau d’affichage a échoué à une vérification.' },
  VOTE_NOT_YET_DUE: { cy: 'Mae’r bleidlais wedi’i threfnu i agor yn nes ymlaen; aildrefnwch hi i agor yn gynt.', fr: 'Le vote est prévu plus tard ; reprogrammez-le pour l’ouvrir plus tôt.' },
  AUDIT_CHAIN_BROKEN: { cy: 'Mae’r log archwilio wedi’i newid.', fr: 'Le journal d’audit a été modifié.' },
  ENDORSEMENT_ALREADY_DECIDED: { cy: 'Mae golygydd eisoes wedi derbyn neu wrthod y gymeradwyaeth hon.', fr: 'Un éditeur a déjà accepté ou rejeté ce soutien.' },
  // --- operations
  DATE_IN_FUTURE: { cy: 'Nid yw’r olwg gyhoeddus yn ateb am ddiwrnod ar ôl heddiw’r weithdrefn.', fr: 'La vue publique ne répond pas pour une date postérieure à aujourd’hui pour la procédure.' },
  INVALID_TEXT: { cy: 'Mae’r mewnbwn yn cynnwys beit NUL neu ddirprwy UTF-16 unigol.', fr: 'La saisie contient un octet NUL ou un substitut UTF-16 isolé.' },
  ARTICLE_TOO_LARGE: { cy: 'Mae’r erthygl yn fwy nag y mae’r traciwr yn ei darllen (2 MB).', fr: 'L’article dépasse la taille que le suivi lit (2 Mo).' },
  UNSAFE_CONFIGURATION: { cy: 'Nid yw’r ffurfweddiad yn ddiogel ar gyfer cynhyrchu; mae’r gweinydd yn gwrthod cychwyn.', fr: 'La configuration n’est pas sûre pour la production ; le serveur refuse de démarrer.' },
  DATA_DIR_LOCKED: { cy: 'Mae proses arall yn dal y ffolder data hwn.', fr: 'Un autre processus détient ce dossier de données.' },
  SERVER_UNREACHABLE: { cy: 'Nid oedd modd cyrraedd y gweinydd Confidence sy’n rhedeg.', fr: 'Le serveur Confidence en cours d’exécution est injoignable.' },
  // --- leadership contests
  CONTEST_NOT_FOUND: { cy: 'Nid oes gornest o’r fath.', fr: 'Cette élection à la direction n’existe pas.' },
  CONTEST_WRONG_PHASE: { cy: 'Nid yw’r ornest ar y cam y mae’r cam hwn yn perthyn iddo.', fr: 'L’élection n’est pas à l’étape à laquelle appartient cette action.' },
  NOMINATOR_NOT_ELIGIBLE: { cy: 'Dim ond AS sy’n gymwys yn yr ornest hon gaiff enwebu neu sefyll.', fr: 'Seul un député éligible dans cette élection peut présenter ou être candidat.' },
  NOMINATION_DUPLICATE: { cy: 'Mae’r AS hwn eisoes wedi enwebu ymgeisydd.', fr: 'Ce député a déjà présenté un candidat.' },
  NOMINATIONS_CLOSED: { cy: 'Mae’r enwebiadau wedi cau.', fr: 'Les candidatures sont closes.' },
  CANDIDATE_WITHDRAWN: { cy: 'Mae’r ymgeisydd wedi tynnu’n ôl neu wedi’i ddileu.', fr: 'Le candidat s’est retiré ou a été éliminé.' },
  CANDIDATE_MAY_NOT_WITHDRAW: { cy: 'Nid yw’r llyfr rheolau yn caniatáu i’r ymgeisydd hwn dynnu’n ôl yn awr.', fr: 'Le règlement ne permet pas à ce candidat de se retirer maintenant.' },
  WITHDRAWAL_NOT_SIGNED: { cy: 'Byddai’r tynnu’n ôl hwn yn penderfynu pleidlais gyfartal: mae angen llofnod yr ymgeisydd ei hun â’i allwedd aelod.', fr: 'Ce retrait départagerait un scrutin à égalité : il faut la signature du candidat lui-même, avec sa clé de membre.' },
  WITHDRAWAL_SIGNATURE_INVALID: { cy: 'Nid llofnod yr ymgeisydd yw llofnod y tynnu’n ôl (allwedd, gornest, ymgeisydd neu gam anghywir).', fr: 'La signature du retrait n’est pas celle du candidat (clé, élection, candidat ou étape erronés).' },
  ROUND_PENDING: { cy: 'Nid yw canlyniad y rownd ddiwethaf wedi’i gyhoeddi eto.', fr: 'Le dernier tour n’a pas encore été proclamé.' },
  ROUND_RESULT_INVALID: { cy: 'Nid yw canlyniad y rownd yn cyd-fynd â’r ymgeiswyr sy’n sefyll a’r etholaeth.', fr: 'Le résultat du tour ne correspond pas aux candidats en lice et au corps électoral.' },
  ROLL_INVALID: { cy: 'Nid yw’r gofrestr aelodaeth yn ddilys; ni fewnforiwyd dim.', fr: 'Le fichier des adhérents n’est pas valide ; rien n’a été importé.' },
  POSTAL_BATCH_INVALID: { cy: 'Nid yw’r swp post yn ddilys; ni chofnodwyd dim.', fr: 'Le lot de votes postaux n’est pas valide ; rien n’a été enregistré.' },
  RECEIPT_NOT_COUNTED: { cy: 'Mae pleidlais â derbynneb ar y bwrdd ond nid yw’n cyfrif mwyach: disodlwyd hi gan gofnod arall.', fr: 'Un bulletin dont vous avez le reçu est sur le tableau mais ne compte plus : un autre enregistrement l’a remplacé.' },
  CONTEST_CHECK_FAILED: { cy: 'Methodd yr ornest wiriad dilysu.', fr: 'L’élection a échoué à une vérification.' },
  CONTEST_BALLOT_TIED: { cy: 'Roedd y bleidlais yn gyfartal dan reol ail-gynnal y llyfr rheolau: mae’r cadeirydd yn trefnu ei hail-gynnal, sydd â’i bwrdd ei hun.', fr: 'Le scrutin est à égalité selon la règle de reprise du règlement : le président organise sa reprise, qui a son propre tableau.' },
  CONTEST_BALLOT_ON_BOARD: { cy: 'Mae’r bleidlais hon ar fwrdd gwiriadwy: cyhoeddir ei chanlyniad o gyfrif dilysedig y bwrdd.', fr: 'Ce scrutin se tient sur un tableau vérifiable : son résultat est proclamé à partir du décompte vérifié du tableau.' },
  LOT_NEEDS_BOARD: { cy: 'Tynnir coelbren i dorri cyfartaledd o gofnod cau bwrdd gwiriadwy’r bleidlais: cyhoeddwch y cyfrif o’i fwrdd, nid â llaw.', fr: 'Un tirage au sort qui départage une égalité se fait à partir de l’enregistrement de clôture du tableau vérifiable du scrutin : proclamez le décompte depuis son tableau, pas à la main.' },
  LOT_SEED_NOT_ACCEPTED: { cy: 'Nid oes neb yn enwi hedyn y coelbren: fe’i cyfrifir o gofnod cau bwrdd y bleidlais, a bennwyd cyn i’r cyfrif fod yn hysbys.', fr: 'Personne ne choisit la graine du tirage au sort : elle est dérivée de l’enregistrement de clôture du tableau du scrutin, fixé avant que le décompte soit connu.' },
  ROLL_MISSING: { cy: 'Mae pleidlais yr aelodau angen mewnforio’r gofrestr aelodaeth yn gyntaf: ei haelodau cymwys yw’r etholaeth.', fr: 'Le scrutin des adhérents exige d’importer d’abord le fichier des adhérents : ses adhérents éligibles forment le corps électoral.' },
  MIXNET_CHECK_FAILED: { cy: 'Methodd cofnod yr ornest ffafriaethol wiriad dilysu.', fr: 'Le dossier du scrutin préférentiel a échoué à une vérification.' },
  MIXNET_RECORD_INVALID: { cy: 'Mae cofnod yr ornest ffafriaethol ar goll neu ni ellir ei ddarllen.', fr: 'Le dossier du scrutin préférentiel est manquant ou illisible.' },
  // --- ballot trust anchors and sealed-count member keys
  AUTHORITY_SIGNATURE_INVALID: { cy: 'Mae llofnod yr awdurdod cymwysterau ar goll neu’n annilys.', fr: 'La signature de l’autorité des identifiants est absente ou invalide.' },
  BALLOT_REVISION_INVALID: { cy: 'Nid adolygiad y papur pleidleisio yw’r un nesaf ar gyfer ei gymhwyster.', fr: 'La révision du bulletin n’est pas la suivante pour son identifiant.' },
  FINGERPRINT_MISMATCH: {
    cy: 'Nid ôl bys allwedd yr etholiad a’r rhestr tystlythyrau a roddwyd i’r bwth yw’r un yn llythyr yr aelod: nid yw’r bwth yn amgryptio.',
    fr: 'L’empreinte de la clé du scrutin et de la liste des identifiants remises à l’isoloir n’est pas celle de la lettre du membre : l’isoloir ne chiffre pas.',
  },
  AUTHORITY_NOT_IN_MANIFEST: { cy: 'Nid yw maniffest yr etholiad yn enwi allwedd yr awdurdod tystlythyrau hwn: nid yw’r awdurdod yn cyhoeddi dim ar ei gyfer.', fr: 'Le manifeste du scrutin ne nomme pas la clé de cette autorité des identifiants : l’autorité n’émet rien pour ce scrutin.' },
  VOTING_WINDOW_NOT_OVER: { cy: 'Nid yw’r cyfnod pleidleisio a osodwyd gan faniffest yr etholiad wedi dod i ben: ni all y bleidlais gau cyn i’r aelodau gael yr holl amser a roddwyd iddynt.', fr: 'La période de vote fixée par le manifeste du scrutin n’est pas terminée : le vote ne peut pas être clos avant que les membres aient eu tout le temps annoncé.' },
  VOTING_WINDOW_CLOSED: { cy: 'Mae’r cyfnod pleidleisio a osodwyd gan faniffest yr etholiad wedi dod i ben; ni dderbynnir rhagor o bapurau pleidleisio.', fr: 'La période de vote fixée par le manifeste du scrutin est terminée ; plus aucun bulletin n’est accepté.' },
  MEMBER_KEY_PROOF_INVALID: { cy: 'Nid yw prawf meddiant allwedd yr aelod yn dilysu.', fr: 'La preuve de possession de la clé du membre n’est pas valide.' },
  MEMBER_KEY_TAKEN: { cy: 'Mae’r allwedd gyhoeddus honno eisoes wedi’i chofrestru i aelod arall.', fr: 'Cette clé publique est déjà enregistrée pour un autre membre.' },
  SEAL_SECRET_MISSING: { cy: 'Nid oes gan y gweinydd gyfrinach cyfrif wedi’i selio (CONFIDENCE_SEAL_SECRET).', fr: 'Le serveur n’a pas de secret de décompte scellé configuré (CONFIDENCE_SEAL_SECRET).' },
};

/** The meaning of an error code in a language; unknown codes (from a newer server) fall back to null. */
export function errorMessageFor(code: string, language: ErrorLanguage): string | null {
  if (!(code in ERROR_CODES)) return null;
  const known = code as ErrorCode;
  return language === 'en' ? ERROR_CODES[known].summary : (ERROR_TRANSLATIONS[known]?.[language] ?? ERROR_CODES[known].summary);
}

/** The first of the three languages named in an Accept-Language header (or a LANG value like cy_GB.UTF-8). */
export function errorLanguageFrom(header: string | null | undefined): ErrorLanguage {
  if (!header) return 'en';
  const ranked = header
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = Number(params.find((p) => p.trim().startsWith('q='))?.trim().slice(2) ?? '1');
      return { base: tag.toLowerCase().split(/[-_.]/)[0] ?? '', q: Number.isNaN(q) ? 0 : q, index };
    })
    .filter((t) => t.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const t of ranked) if ((ERROR_LANGUAGES as readonly string[]).includes(t.base)) return t.base as ErrorLanguage;
  return 'en';
}
