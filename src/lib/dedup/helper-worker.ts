/**
 * The scan's second worker (helper.ts): started by the dedup worker for a large book, answers
 * its requests one at a time, in order.
 */
import { helperCore, transfersOf, type HelperRequest, type HelperResponse } from './helper';

interface HelperScope {
	postMessage(message: HelperResponse, transfer: Transferable[]): void;
	addEventListener(type: 'message', listener: (event: MessageEvent<HelperRequest>) => void): void;
}

const scope = self as unknown as HelperScope;
const answer = helperCore();

scope.addEventListener('message', (event) => {
	const response = answer(event.data);
	if (response !== null) scope.postMessage(response, transfersOf(response));
});
