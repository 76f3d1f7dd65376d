// Import and export scenarios for npm run bench: a shop's old book as a CSV of N rows, imported
// through the app's own Import page into an empty book (parse → check → write), and the
// customer book exported to .xlsx from the customers page.
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { processesOf, pssMb } from './memory.mjs';

const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Võ', 'Đặng'];
const MIDDLE = ['Thị', 'Văn', 'Minh', 'Ngọc', 'Thanh', 'Đức', 'Thu', 'Hoài'];
const GIVEN = ['Hương', 'Lan', 'Mai', 'Đức', 'Hùng', 'Linh', 'Nam', 'Trang', 'Tuấn', 'Yến'];
const CITY = ['Hà Nội', 'TP. Hồ Chí Minh', 'Đà Nẵng', 'Huế', 'Cần Thơ', 'Hải Phòng'];
const STREET = ['Lê Lợi', 'Trần Hưng Đạo', 'Nguyễn Huệ', 'Hai Bà Trưng', 'Phan Đình Phùng'];
const PREFIX = ['091', '098', '090', '093', '097', '086', '070', '088'];

/** Writes an N-row CSV with Vietnamese headers the way a shop's old spreadsheet looks. */
export async function writeShopCsv(path, n) {
	const out = createWriteStream(path);
	const write = async (s) => {
		if (!out.write(s)) await once(out, 'drain');
	};
	await write('Họ và tên,Số điện thoại,Email,Ngày sinh,Giới tính,Địa chỉ,Tỉnh/Thành phố,Ghi chú\n');
	for (let i = 0; i < n; i++) {
		const name = `${FAMILY[i % 10]} ${MIDDLE[(i >> 3) % 8]} ${GIVEN[(i * 7) % 10]}`;
		const phone = `${PREFIX[i % 8]}${String(1_000_000 + ((i * 7919) % 9_000_000)).padStart(7, '0')}`;
		const email = i % 3 === 0 ? `khach${i}@example.com` : '';
		const birthday = i % 2 === 0 ? `${1 + (i % 28)}/${1 + (i % 12)}/${1960 + (i % 45)}` : '';
		const gender = i % 2 === 0 ? 'Nữ' : 'Nam';
		const address = `"${1 + (i % 300)} ${STREET[i % 5]}, P. ${1 + (i % 15)}"`;
		await write(
			`${name},${phone},${email},${birthday},${gender},${address},${CITY[i % 6]},Khách cũ ${i}\n`
		);
	}
	out.end();
	await once(out, 'finish');
}

/** Memory of one browser, in MB (proportional set size of its processes; memory.mjs). */
function browserMemoryMb(profile) {
	return pssMb(processesOf(profile));
}

function sampleMemory(profile) {
	const base = browserMemoryMb(profile);
	let peak = base;
	const timer = setInterval(() => (peak = Math.max(peak, browserMemoryMb(profile))), 500);
	return () => {
		clearInterval(timer);
		return {
			baseMb: Math.round(base),
			peakMb: Math.round(Math.max(peak, browserMemoryMb(profile)))
		};
	};
}

/**
 * Imports an N-row CSV into an empty book in a fresh profile, through the Import page.
 * Returns the time to the mapping screen (reading the file), to the report (checking every
 * row against the book), to the summary (writing), and in all, with the browser's resident
 * memory before and at its peak (sampled every half second).
 */
export async function benchImport({ chromium, executablePath, base, n, timeoutMs }) {
	const dir = mkdtempSync(join(os.tmpdir(), 'so-khach-bench-import-'));
	const file = join(dir, `so-khach-${n}.csv`);
	await writeShopCsv(file, n);
	const bytes = statSync(file).size;
	const profile = join(dir, 'profile');
	const context = await chromium.launchPersistentContext(profile, {
		executablePath,
		args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
		viewport: { width: 1440, height: 900 },
		locale: 'vi-VN'
	});
	try {
		const page = context.pages()[0] ?? (await context.newPage());
		page.on('pageerror', (e) => console.error('page error:', e.message));
		// A new book starts at the welcome page: start with an empty one, as a shop moving in does.
		await page.goto(`${base}/`);
		await page.waitForURL('**/welcome');
		await page.getByRole('button', { name: 'Bắt đầu với sổ trống' }).click();
		await page.waitForURL((u) => u.pathname === '/');
		await page.goto(`${base}/import`);
		await page.getByTestId('import-file').waitFor({ state: 'attached' });
		const stop = sampleMemory(profile);
		const t0 = Date.now();
		await page.getByTestId('import-file').setInputFiles(file);
		await page.getByTestId('import-check').waitFor({ timeout: timeoutMs });
		const t1 = Date.now();
		await page.getByTestId('import-check').click();
		await page.getByTestId('import-run').waitFor({ timeout: timeoutMs });
		const t2 = Date.now();
		await page.getByTestId('import-run').click();
		await page.getByTestId('import-done').waitFor({ timeout: timeoutMs });
		const t3 = Date.now();
		const memory = stop();
		const summary = await page.getByTestId('import-summary').innerText();
		return {
			n,
			bytes,
			parseMs: t1 - t0,
			checkMs: t2 - t1,
			writeMs: t3 - t2,
			ms: t3 - t0,
			summary,
			...memory
		};
	} finally {
		await context.close();
		rmSync(dir, { recursive: true, force: true });
	}
}

/** Exports every customer of the open book to .xlsx from the customers page. */
export async function benchExportXlsx(page, base) {
	await page.goto(`${base}/`);
	await page.getByTestId('export-menu').click();
	await page.getByTestId('export-all').check();
	const t0 = Date.now();
	const [download] = await Promise.all([
		page.waitForEvent('download', { timeout: 10 * 60_000 }),
		page.getByTestId('export-xlsx').click()
	]);
	const path = await download.path();
	const ms = Date.now() - t0;
	return { ms, bytes: statSync(path).size };
}
