import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCsv, toCsv } from './csv';

describe('parseCsv', () => {
	it('reads quoted fields with commas, doubled quotes and line breaks', () => {
		expect(parseCsv('a,b\r\n"x, y","say ""hi""\nthere"\n')).toEqual([
			['a', 'b'],
			['x, y', 'say "hi"\nthere']
		]);
		expect(parseCsv(toCsv([['a,b', 'c"d']]))).toEqual([['a,b', 'c"d']]);
	});
});

describe('npm run dedup', () => {
	it('prints the proposed pairs of a CSV as id_a,id_b,score', () => {
		const dir = mkdtempSync(join(tmpdir(), 'dedup-cli-'));
		const file = join(dir, 'customers.csv');
		writeFileSync(
			file,
			[
				'id,name,phone,email,address,birthday,notes',
				'1,Quách Thị Thủy,0329 123 456,thuy.quach@gmail.com,"12 Lê Lợi, Q.1, TP.HCM",1990-03-04,vip',
				'2,chị quach thi thuy,01629123456,thuyquach@gmail.com,"12 Le Loi, HCM",04/03/1990,',
				'3,anh Quách Văn Hùng,0329123456,,"12 Lê Lợi, Q.1, TP.HCM",1988-11-02,chồng',
				'4,Phạm Văn Long,0987 654 321,,,,'
			].join('\n')
		);
		const out = execFileSync('node', ['scripts/dedup.mjs', file], { encoding: 'utf8' });
		const rows = parseCsv(out);
		expect(rows[0]).toEqual(['id_a', 'id_b', 'score']);
		const pairs = rows.slice(1).map(([a, b, s]) => [[a, b].sort().join('|'), Number(s)] as const);
		expect(pairs.map(([key]) => key)).toEqual(['1|2']);
		expect(pairs[0][1]).toBeGreaterThan(0.5);
	}, 60_000);
});
