import type { Interactions } from './interactions.js';
import { fromRefusal, viewRefusal } from './rules.js';
import type { ApiAnswer, ApiRefusal, Workspace } from './workspace.js';

/**
 * The local Slack's `views.*` methods: modals opened (with a trigger_id, spent only once the view is
 * valid, as Slack does), pushed and updated, and the Home tab published.
 */

type ViewsMethod = 'views.open' | 'views.push' | 'views.update' | 'views.publish';

export function viewsMethod(
  workspace: Workspace,
  interactions: Interactions,
  method: ViewsMethod,
  body: Record<string, unknown>,
): ApiAnswer | ApiRefusal {
  switch (method) {
    case 'views.open':
    case 'views.push': {
      const view = parseView(body.view);
      const refusal = viewRefusal(view, 'modal');
      if (refusal) return fromRefusal(refusal);
      // Checked after the view: Slack validates arguments before it spends the trigger.
      const trigger = interactions.exchangeTrigger(body.trigger_id);
      if (!trigger.ok) return workspace.refuse(trigger.error);
      const v = view as Record<string, unknown>;
      return method === 'views.open'
        ? { ok: true, view: workspace.openModal(trigger.user, v) }
        : workspace.pushModal(trigger.user, v);
    }
    case 'views.update': {
      const view = parseView(body.view);
      const refusal = viewRefusal(view, 'modal');
      if (refusal) return fromRefusal(refusal);
      if (typeof body.view_id !== 'string' && typeof body.external_id !== 'string') {
        return workspace.refuse('invalid_arguments', ['[ERROR] view_id or external_id is required']);
      }
      return workspace.updateView({
        ...(typeof body.view_id === 'string' ? { viewId: body.view_id } : {}),
        ...(typeof body.external_id === 'string' ? { externalId: body.external_id } : {}),
        ...(typeof body.hash === 'string' ? { hash: body.hash } : {}),
        view: view as Record<string, unknown>,
      });
    }
    case 'views.publish': {
      const view = parseView(body.view);
      const refusal = viewRefusal(view, 'home');
      if (refusal) return fromRefusal(refusal);
      if (typeof body.user_id !== 'string' || body.user_id === '')
        return workspace.refuse('invalid_arguments');
      if (workspace.users.size > 0 && !workspace.users.has(body.user_id))
        return workspace.refuse('user_not_found');
      return workspace.publishHome(
        body.user_id,
        view as Record<string, unknown>,
        typeof body.hash === 'string' ? body.hash : undefined,
      );
    }
  }
}

function parseView(view: unknown): unknown {
  if (typeof view !== 'string') return view;
  try {
    return JSON.parse(view);
  } catch {
    return undefined;
  }
}
