/**
 * The key pair of automatic backups. A scheduled backup cannot ask for a passphrase, and a
 * passphrase must never be stored, so those backups are encrypted to an age X25519 recipient
 * (`age1…`, the public half, kept in the book's settings) and opened only with its identity
 * (`AGE-SECRET-KEY-1…`, the secret half), which the app shows once and hands to the owner as a
 * key file to keep away from the laptop. Pure: runs in the page, the worker and Node.
 */
import { Encrypter, generateX25519Identity, identityToRecipient } from 'age-encryption';

/** bech32 data characters: 32 bytes of key and 6 of checksum make 58 of them. */
const RECIPIENT = /^age1[02-9ac-hj-np-z]{58}$/;
const IDENTITY = /^AGE-SECRET-KEY-1[02-9AC-HJ-NP-Z]{58}$/;

export interface KeyPair {
	identity: string;
	recipient: string;
}

export async function generateKeyPair(): Promise<KeyPair> {
	const identity = await generateX25519Identity();
	return { identity, recipient: await identityToRecipient(identity) };
}

/**
 * The recipient as typed or pasted (spaces and line breaks around it removed, lower-cased as
 * bech32 allows), or null when it is not an X25519 age recipient with a valid checksum.
 * Post-quantum (`age1pq1…`) and plugin recipients are refused: the app writes X25519 only.
 */
export function parseRecipient(text: string): string | null {
	const candidate = text.trim().toLowerCase();
	if (!RECIPIENT.test(candidate)) return null;
	try {
		// Decodes the bech32 and checks its checksum and length.
		new Encrypter().addRecipient(candidate);
		return candidate;
	} catch {
		return null;
	}
}

/**
 * The identity in a key file or pasted text: the first `AGE-SECRET-KEY-1…` line, skipping the
 * `#` comments age-keygen and this app write. null when there is none or its checksum is wrong.
 */
export async function parseIdentity(text: string): Promise<string | null> {
	for (const raw of text.split(/\r?\n/)) {
		const line = raw.trim();
		if (line === '' || line.startsWith('#')) continue;
		const candidate = line.toUpperCase();
		if (!IDENTITY.test(candidate)) continue;
		try {
			await identityToRecipient(candidate);
			return candidate;
		} catch {
			return null;
		}
	}
	return null;
}

/** Whether the text looks like someone meant to paste a secret key rather than a passphrase. */
export function looksLikeIdentity(text: string): boolean {
	return /AGE-SECRET-KEY-/i.test(text);
}

/**
 * The key file handed to the owner, in age-keygen's layout so `age -d -i <file>` reads it: `#`
 * comment lines, then the identity. The comments are for whoever finds the paper or the file.
 */
export function keyFileText(pair: KeyPair, shopName: string, createdAt: Date): string {
	return [
		`# Sổ Khách: khóa mở bản sao lưu tự động${shopName ? ` của ${shopName}` : ''}`,
		'# Sổ Khách: the key that opens the automatic backups',
		`# created: ${createdAt.toISOString().replace(/\.\d{3}Z$/, 'Z')}`,
		`# public key: ${pair.recipient}`,
		'# Cất tệp này ở nơi khác (giấy, điện thoại, USB khác), không để trên máy có sổ khách.',
		'# age -d -i <tệp này> <bản sao lưu>.age > so-khach.ndjson',
		pair.identity,
		''
	].join('\n');
}

/** `so-khach_<shop>_khoa-sao-luu.txt`: beside the backups' names, plainly a key. */
export function keyFileName(backupSlug: string): string {
	return `so-khach${backupSlug === '' ? '' : `_${backupSlug}`}_khoa-sao-luu.txt`;
}
