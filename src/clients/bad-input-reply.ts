// How an answer to generated bad input is judged (src/contract/bad-input.ts): never a 5xx, a refusal
// always with the error contract, and a grammar error refused with 422 INVALID_PAYLOAD.
import type { BadInput, BadInputRoute } from '../contract/bad-input.ts';
import { V1_ROUTES } from '../contract/endpoints.ts';
import { expectAnyError, expectError } from './expect-ok.ts';
import type { HttpReply } from './transport.ts';
import type { V1Client } from './v1-client.ts';

/** What is wrong with the answer, or undefined when it is what the contract asks for. */
function badInputProblem(input: BadInput, reply: HttpReply): string | undefined {
  try {
    if (input.expectation === 'invalid-payload') {
      expectError(reply, 422, 'INVALID_PAYLOAD');
    } else if (reply.status >= 500) {
      throw new Error(
        `HTTP ${reply.status} (a server error for a client's mistake): ${reply.text().slice(0, 300)}`,
      );
    } else if (reply.status >= 400) {
      expectAnyError(reply, reply.status);
    } else if (input.expectation === 'client-error') {
      throw new Error(`HTTP ${reply.status}: accepted a body the route cannot read`);
    }
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

export interface BadInputOutcome {
  readonly route: BadInputRoute;
  readonly sent: number;
  /** One line per input whose answer broke the expectation (the input, then the answer with its route). */
  readonly problems: string[];
}

/** Sends every input to the route and collects each answer that breaks the expectation. */
export async function sendBadInputs(
  client: V1Client,
  route: BadInputRoute,
  inputs: readonly BadInput[],
): Promise<BadInputOutcome> {
  const problems: string[] = [];
  const { method, path } = V1_ROUTES[route];
  for (const input of inputs) {
    const reply =
      input.json !== undefined
        ? await client.send(route, input.json)
        : await client.raw(method, path, {
            ...(input.raw !== undefined ? { body: input.raw } : {}),
            headers: { 'content-type': 'application/json' },
          });
    const problem = badInputProblem(input, reply);
    if (problem) problems.push(`${input.label}: ${problem}`);
  }
  return { route, sent: inputs.length, problems };
}
