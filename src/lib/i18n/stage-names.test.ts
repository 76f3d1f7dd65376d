import { afterEach, describe, expect, it } from 'vitest';
import { builtInStageLabel, stageLabel } from '$lib/i18n';
import { setStageNames } from './stage-names';

afterEach(() => setStageNames([]));

describe('stage labels with the owner’s names', () => {
	it('shows the built-in name while the owner has not named the stage', () => {
		setStageNames([{ id: 'loyal', name: '' }]);
		expect(stageLabel('loyal')).toBe(builtInStageLabel('loyal'));
		expect(stageLabel('loyal')).not.toBe('');
	});

	it('shows the owner’s name once saved, trimmed, and only for that stage', () => {
		setStageNames([{ id: 'loyal', name: '  Khách ruột ' }]);
		expect(stageLabel('loyal')).toBe('Khách ruột');
		expect(stageLabel('new')).toBe(builtInStageLabel('new'));
	});

	it('forgets names the owner cleared on the next save', () => {
		setStageNames([{ id: 'lost', name: 'Đã rời' }]);
		setStageNames([{ id: 'lost', name: '' }]);
		expect(stageLabel('lost')).toBe(builtInStageLabel('lost'));
	});

	it('still shows nothing for no stage and the id for an unknown one', () => {
		setStageNames([{ id: 'lead', name: 'Khách hỏi' }]);
		expect(stageLabel(null)).toBe('');
		expect(stageLabel('vip')).toBe('vip');
	});
});
