/**
 * Chart.js with only the parts the reports use, registered once. Canvas charts, drawn in the
 * page with no network. A plugin paints the background white so a saved PNG is readable on any
 * viewer (a canvas is transparent).
 */
import {
	BarController,
	BarElement,
	CategoryScale,
	Chart,
	Legend,
	LinearScale,
	LineController,
	LineElement,
	PointElement,
	Tooltip,
	type Plugin
} from 'chart.js';

const whiteBackground: Plugin = {
	id: 'whiteBackground',
	beforeDraw(chart) {
		const { ctx, width, height } = chart;
		ctx.save();
		ctx.globalCompositeOperation = 'destination-over';
		ctx.fillStyle = '#ffffff';
		ctx.fillRect(0, 0, width, height);
		ctx.restore();
	}
};

let registered = false;

export function chartJs(): typeof Chart {
	if (!registered) {
		Chart.register(
			BarController,
			BarElement,
			CategoryScale,
			LinearScale,
			LineController,
			LineElement,
			PointElement,
			Legend,
			Tooltip,
			whiteBackground
		);
		registered = true;
	}
	return Chart;
}

/** Colours that stay apart in print and for the common colour-vision differences. */
export const SERIES_COLOURS = ['#2563eb', '#d97706', '#16a34a', '#9333ea', '#dc2626', '#0891b2'];

/** A file name from a title: "doanh-thu-theo-thoi-gian-2026-03.png". */
export function fileNameOf(title: string, suffix: string, ext: string): string {
	const slug = title
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/đ/g, 'd')
		.replace(/Đ/g, 'D')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-|-$/g, '');
	return `${slug}${suffix ? `-${suffix}` : ''}.${ext}`;
}
