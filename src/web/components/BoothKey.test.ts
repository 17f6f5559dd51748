import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { beforeAll, describe, expect, it } from 'vitest';
import { credentialListFingerprint, formatFingerprint, generateCredential, simulateElection, type CredentialsBody, type Simulation } from '../../ballot';
import { initCrypto } from '../../crypto';
import { loadCatalogue } from '../i18n/catalogue/load';
import { I18nProvider } from '../i18n/I18n';
import { BoothKeyPanel, boothKeyRefusal } from './BoothKey';

type Locale = 'en' | 'cy' | 'fr';
const text = (locale: Locale, view: Parameters<typeof BoothKeyPanel>[0]['view'], letter: string) =>
  renderToStaticMarkup(createElement(I18nProvider, { locale, children: createElement(BoothKeyPanel, { view, letter, onLetter: () => {} }) })).replace(/<[^>]+>/g, ' ');

let sim: Simulation;
let real: { electionHash: string; publicKey: string; credentialsListDigest: string };
let forged: typeof real;

beforeAll(async () => {
  await Promise.all([initCrypto(), loadCatalogue('cy'), loadCatalogue('fr')]);
  sim = simulateElection({ eligible: 2, yes: 1, no: 0, threshold: 2, trustees: 3 });
  const eh = sim.board.electionHash;
  const list = sim.board.ofType('credentials')[0]!.body as CredentialsBody;
  real = { electionHash: eh, publicKey: sim.board.ofType('election_key')[0]!.body.publicKey, credentialsListDigest: credentialListFingerprint(eh, list.authority, list.credentials) };
  forged = { ...real, publicKey: generateCredential().public }; // a key whose secret the server holds
});

describe('the web booths’ key check (the letter’s fingerprint against the key the page encrypts under)', () => {
  it('refuses a server’s own key when the letter’s fingerprint is typed, and only then', () => {
    const letter = formatFingerprint(sim.fingerprint);
    expect(boothKeyRefusal(real, letter)).toBeNull();
    expect(boothKeyRefusal(forged, letter)).toBe('mismatch');
    expect(boothKeyRefusal(forged, '')).toBeNull(); // nothing typed: the page shows the fingerprint to compare
    expect(boothKeyRefusal({ ...real, credentialsListDigest: null }, letter)).toBe('unknown');
  });

  it.each([
    ['en', 'It matches the fingerprint in your letter.', 'will not encrypt it'],
    ['fr', 'Elle correspond à l’empreinte de votre lettre.', 'ne le chiffrera pas'],
    ['cy', 'Mae’n cyfateb i’r ôl bys yn eich llythyr.', 'Ni fydd y bwth hwn yn ei hamgryptio'],
  ] as const)('in %s, shows the fingerprint it computed (not the letter’s, under a forged key) and says whether it matches', (locale, matches, refuses) => {
    const letter = formatFingerprint(sim.fingerprint);
    const good = text(locale, real, letter);
    expect(good).toContain(letter);
    expect(good).toContain(matches);
    const bad = text(locale, forged, letter);
    expect(bad).toContain(refuses);
    expect(bad).not.toContain(matches);
    expect(text(locale, forged, '')).not.toContain(letter);
  });
});
