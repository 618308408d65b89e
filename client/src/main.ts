// Leaflet's stylesheet first, so the console theme overrides it, not the other way round.
import 'leaflet/dist/leaflet.css';
import './ui/styles.css';
import type { LoginResponse } from '@ioc/shared';
import { z } from 'zod';
import { logout } from './api/auth.api';
import { ConsoleApp, type SessionEnd } from './console-app';
import { installDebugHook } from './debug-hook';
import { detectLocale, onLocaleChange, setLocale, t } from './i18n/i18n';
import { endSession, getAccessToken, startSession } from './state/session';
import { readWallCredential } from './state/wall-credential';
import { LoginView } from './ui/login-view';

// zod compiles parsers with `new Function` unless told not to; the page's CSP forbids eval.
z.config({ jitless: true });

const root = document.getElementById('app');
if (!root) throw new Error('index.html has no #app element');

setLocale(detectLocale(navigator.languages, new URLSearchParams(location.search).get('lang')));
document.title = t('app.shortTitle');
onLocaleChange(() => (document.title = t('app.shortTitle')));

let app: ConsoleApp | null = null;
let login: LoginView | null = null;

function showLogin(ended?: SessionEnd): void {
  if (ended === 'expired' && app && !app.isWall) return signInAgain(app);
  const token = getAccessToken();
  if (ended === 'logout' && token) void logout(token);
  app?.stop();
  app = null;
  endSession();
  login?.destroy();
  login = new LoginView({
    onSignedIn: showConsole,
    notice: ended === 'expired' ? 'login.sessionExpired' : undefined,
  });
  root?.replaceChildren(login.element);
  login.focus();
}

function showConsole(response: LoginResponse, wall = false): void {
  startSession(response);
  const token = getAccessToken();
  if (!token || !root) return;
  login?.destroy();
  login = null;
  app = new ConsoleApp({ root, user: response.user, token, wall, onEnd: showLogin });
  app.start();
}

/**
 * The session ended under a running console: the sign-in form opens over it, and the
 * same user carries on where they were (docs/security.md); another user gets a fresh one.
 */
function signInAgain(current: ConsoleApp): void {
  endSession();
  login?.destroy();
  const overlay = document.createElement('div');
  overlay.className = 'login-overlay';
  overlay.dataset.testid = 'login-overlay';
  const view = new LoginView({
    notice: 'login.sessionExpired',
    onSignedIn: (response) => {
      overlay.remove();
      view.destroy();
      login = null;
      startSession(response);
      if (current.resume(response)) return;
      current.stop();
      app = null;
      showConsole(response);
    },
  });
  login = view;
  overlay.append(view.element);
  document.body.append(overlay);
  view.focus();
}

installDebugHook(() => app);
// A wall screen starts from its own URL and comes back by itself after a reload.
const wall = readWallCredential(location.hash);
if (wall) showConsole(wall, true);
else showLogin();
