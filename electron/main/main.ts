/**
 * Electron main process: one window, menus and IPC wiring. All logic lives in the Node services (electron/services)
 * shared with `episcope serve`; this file only wires windows, menus and IPC (Lichtblick's thin desktop shell).
 *
 * Security (https://www.electronjs.org/docs/latest/tutorial/security): contextIsolation, sandbox, no nodeIntegration,
 * a strict CSP on every response of the app:// protocol, navigation and new windows denied, every IPC request
 * validated against the contract and its sender checked to be our own page.
 */
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  net,
  protocol,
  session,
  type IpcMainEvent,
  type IpcMainInvokeEvent,
  type MenuItemConstructorOptions,
} from "electron";
import { existsSync, statSync } from "node:fs";
import { join, resolve, sep } from "node:path";
import { pathToFileURL } from "node:url";
import { channels, ELECTRON_TRANSPORT, type DroppedOpenResult } from "../../shared/ipc/contract.ts";
import { appRoot, appVersion, rendererDir, sampleDir } from "../appPaths.ts";
import { closeServices, createHandlers, createServices, type EpiscopeServices } from "../ipc/createHandlers.ts";
import { dispatchIpc } from "../ipc/ipcDispatcher.ts";
import { contentSecurityPolicy, newCspNonce, withCspNonce } from "../serve/contentSecurityPolicy.ts";
import { currentAnnotator } from "../services/annotation/currentAnnotator.ts";
import { resolveServeTarget } from "../services/episode/episodeMainService.ts";
import { decideDrop } from "./droppedPaths.ts";
import { linkFolderNeedingConsent, linkFromArgv, parseEpiscopeLink, rendererQuery, type EpiscopeLink } from "./episcopeLink.ts";
import { RecentFiles } from "./recentFiles.ts";

const APP_ORIGIN = "app://episcope";

protocol.registerSchemesAsPrivileged([
  { scheme: "app", privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } },
]);

let window: BrowserWindow | null = null;
let services: EpiscopeServices | null = null;
let recent: RecentFiles;

/**
 * Replace the services with ones for `target` (an .mcap file or a folder) and show it; `query` (a renderer deep-link
 * query such as `?episode=…&t=…`) overrides the episode shown first.
 */
async function openTarget(target: string, query?: string): Promise<void> {
  const { root, initial } = resolveServeTarget(resolve(target));
  if (services) void closeServices(services);
  const settingsFile = join(app.getPath("userData"), "settings.json");
  services = createServices(root, initial, currentAnnotator(process.env, settingsFile), "desktop", appVersion(), settingsFile);
  forwardEvents(services);
  await recent.add(resolve(target));
  await buildMenu();
  await window?.loadURL(`${APP_ORIGIN}/index.html${query ?? (initial ? `?episode=${encodeURIComponent(initial)}` : "")}`);
}

/**
 * Ask before a link opens a folder the user did not choose (it would be indexed and get a `.episcope/cache`).
 * @returns true when the user agreed, or when the link names no other folder
 */
async function consentToLinkFolder(link: EpiscopeLink): Promise<boolean> {
  const folder = linkFolderNeedingConsent(link, services?.root ?? null);
  if (!folder) return true;
  const { response } = await dialog.showMessageBox({
    type: "question",
    buttons: ["Open Folder", "Cancel"],
    defaultId: 1,
    cancelId: 1,
    title: "Open a folder from a link?",
    message: `An episcope:// link asks to open the folder\n${folder}`,
    detail: "Episcope will index its episodes and write its .episcope/cache folder. Open it only if you expected this link.",
  });
  return response === 0;
}

/** Follow an episcope://open link: open its dataset when it names one (after asking), then show the episode paused at t. */
async function openLink(link: EpiscopeLink): Promise<void> {
  if (!(await consentToLinkFolder(link))) return;
  if (link.dataset && resolve(link.dataset) !== services?.root) return openTarget(link.dataset, rendererQuery(link));
  await window?.loadURL(`${APP_ORIGIN}/index.html${rendererQuery(link)}`);
  if (window?.isMinimized()) window.restore();
  window?.focus();
}

function currentServices(): EpiscopeServices {
  if (!services) throw new Error("no dataset is open");
  return services;
}

async function showOpenDialog(kind: "file" | "folder"): Promise<void> {
  const result = await dialog.showOpenDialog({
    properties: kind === "file" ? ["openFile"] : ["openDirectory"],
    filters: kind === "file" ? [{ name: "MCAP episodes", extensions: ["mcap"] }] : [],
  });
  const picked = result.filePaths[0];
  if (!result.canceled && picked) await openTarget(picked).catch(showError);
}

function showError(error: unknown): void {
  dialog.showErrorBox("Episcope", error instanceof Error ? error.message : String(error));
}

async function buildMenu(): Promise<void> {
  const recentItems: MenuItemConstructorOptions[] = (await recent.list()).map((path) => ({
    label: path,
    click: () => void openTarget(path).catch(showError),
  }));
  const template: MenuItemConstructorOptions[] = [
    {
      label: "File",
      submenu: [
        { label: "Open Episode…", accelerator: "CmdOrCtrl+O", click: () => void showOpenDialog("file") },
        { label: "Open Folder…", accelerator: "CmdOrCtrl+Shift+O", click: () => void showOpenDialog("folder") },
        {
          label: "Open Recent",
          submenu: recentItems.length
            ? [...recentItems, { type: "separator" }, { label: "Clear Recent", click: () => void recent.clear().then(buildMenu) }]
            : [{ label: "No recent files", enabled: false }],
        },
        { type: "separator" },
        { role: "quit" },
      ],
    },
    {
      // Text editing for the page's fields (macOS routes copy/paste through this menu). Undo/redo keep their keys in
      // the page (registerAccelerator: false): Ctrl+Z there undoes annotation edits, and the page leaves text fields alone.
      label: "Edit",
      submenu: [
        { role: "undo", registerAccelerator: false },
        { role: "redo", registerAccelerator: false },
        { type: "separator" },
        { role: "cut" },
        { role: "copy" },
        { role: "paste" },
        { role: "selectAll" },
      ],
    },
    {
      label: "View",
      // DevTools only in development builds: a packaged app gives no console to paste into.
      submenu: [{ role: "reload" }, ...(app.isPackaged ? [] : [{ role: "toggleDevTools" } as const]), { type: "separator" }, { role: "togglefullscreen" }],
    },
    {
      label: "Help",
      submenu: [
        {
          // The page's own key for its shortcut sheet ("?", rebindable per dataset as help.shortcuts) opens it.
          label: "Keyboard Shortcuts",
          click: () => {
            window?.webContents.sendInputEvent({ type: "keyDown", keyCode: "?" });
            window?.webContents.sendInputEvent({ type: "keyUp", keyCode: "?" });
          },
        },
      ],
    },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

/** Serve dist/renderer on app://episcope/ with the CSP on every response. */
function registerAppProtocol(): void {
  const base = rendererDir();
  protocol.handle("app", async (request) => {
    const url = new URL(request.url);
    const file = resolve(join(base, decodeURIComponent(url.pathname === "/" ? "/index.html" : url.pathname)));
    if (url.host !== "episcope" || (file !== base && !file.startsWith(base + sep)) || !existsSync(file)) {
      return new Response("not found", { status: 404 });
    }
    const response = await net.fetch(pathToFileURL(file).toString());
    const headers = new Headers(response.headers);
    const nonce = newCspNonce();
    headers.set("content-security-policy", contentSecurityPolicy(nonce));
    if (file.endsWith(".html")) return new Response(withCspNonce(await response.text(), nonce), { status: response.status, headers });
    return new Response(response.body, { status: response.status, headers });
  });
}

/** True when an IPC message comes from our own page in our window. */
function fromOurPage(event: IpcMainEvent | IpcMainInvokeEvent): boolean {
  const senderUrl = event.senderFrame?.url ?? "";
  return senderUrl.startsWith(`${APP_ORIGIN}/`) && event.sender === window?.webContents;
}

/**
 * Register one handler per channel; each checks that the sender is our own page before dispatching. A call the page
 * gave an id can be cancelled with `$cancel(id)`: its handler's signal fires.
 */
function registerIpc(): void {
  const handlers = createHandlers(currentServices);
  const running = new Map<string, AbortController>();
  for (const channel of channels) {
    ipcMain.handle(channel, async (event, request: unknown, callId: unknown) => {
      if (!fromOurPage(event)) {
        const senderUrl = event.senderFrame?.url ?? "";
        return { ok: false, error: { code: "forbidden-sender", message: `${channel}: refused request from ${senderUrl || "an unknown frame"}` } };
      }
      const cancel = new AbortController();
      const key = typeof callId === "number" ? `${event.sender.id}:${callId}` : null;
      if (key) running.set(key, cancel);
      try {
        return await dispatchIpc(handlers, channel, request, { signal: cancel.signal, origin: `window-${event.sender.id}` });
      } finally {
        if (key) running.delete(key);
      }
    });
  }
  ipcMain.on(ELECTRON_TRANSPORT.cancel, (event, callId: unknown) => {
    if (fromOurPage(event) && typeof callId === "number") running.get(`${event.sender.id}:${callId}`)?.abort();
  });
  ipcMain.handle(ELECTRON_TRANSPORT.openDropped, async (event, paths: unknown): Promise<DroppedOpenResult> => {
    if (!fromOurPage(event)) return { opened: null, refused: [{ path: "(drop)", reason: "refused: not from the app's own page" }] };
    const decision = await decideDrop(Array.isArray(paths) ? paths : []);
    // Opening reloads the page, so the result is for the refusals; open after answering.
    if (decision.open) setTimeout(() => void openTarget(decision.open!).catch(showError), 0);
    return { opened: decision.open, refused: decision.refused };
  });
}

/** Forward the events of `s` to the window (until the services are replaced). */
function forwardEvents(s: EpiscopeServices): void {
  s.events.subscribe((message) => {
    if (services === s && window && !window.isDestroyed()) window.webContents.send(ELECTRON_TRANSPORT.event, message);
  });
}

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1600,
    height: 1000,
    backgroundColor: "#111318",
    title: "Episcope",
    webPreferences: {
      preload: join(appRoot(), "dist", "node", "preload.cjs"),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      devTools: !app.isPackaged,
    },
  });
  win.webContents.on("will-navigate", (event, url) => {
    if (!url.startsWith(`${APP_ORIGIN}/`)) event.preventDefault();
  });
  win.webContents.setWindowOpenHandler(() => ({ action: "deny" }));
  win.on("closed", () => (window = null));
  return win;
}

/** The path to open at start: the first CLI argument that exists, else the bundled sample. */
function initialTarget(argv: string[]): string {
  const candidate = argv.slice(app.isPackaged ? 1 : 2).find((arg) => !arg.startsWith("-") && existsSync(arg));
  if (candidate && (statSync(candidate).isDirectory() || candidate.endsWith(".mcap"))) return candidate;
  return sampleDir();
}

// One instance: a second launch (e.g. an episcope:// link on Windows/Linux) hands its arguments to the first.
if (!app.requestSingleInstanceLock()) app.quit();
app.on("second-instance", (_event, argv) => {
  const link = linkFromArgv(argv);
  if (link) void openLink(link).catch(showError);
  else window?.focus();
});
// macOS delivers links through open-url (possibly before ready).
let pendingLink: EpiscopeLink | null = linkFromArgv(process.argv);
app.on("open-url", (event, url) => {
  event.preventDefault();
  const link = parseEpiscopeLink(url);
  if (!link) return;
  if (window && services) void openLink(link).catch(showError);
  else pendingLink = link;
});
if (process.defaultApp) {
  // Development (`electron .`): register the script path too so the OS can relaunch it with the link.
  app.setAsDefaultProtocolClient("episcope", process.execPath, [resolve(process.argv[1] ?? ".")]);
} else {
  app.setAsDefaultProtocolClient("episcope");
}

app.on("web-contents-created", (_event, contents) => {
  contents.on("will-attach-webview", (event) => event.preventDefault());
});

app.whenReady().then(async () => {
  // No camera, microphone, notifications, geolocation, … for any page: Episcope asks for none.
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  recent = new RecentFiles(join(app.getPath("userData"), "recent.json"));
  registerAppProtocol();
  registerIpc();
  window = createWindow();
  const link = pendingLink;
  pendingLink = null;
  if (link?.dataset && (await consentToLinkFolder(link))) await openTarget(link.dataset, rendererQuery(link));
  else await openTarget(initialTarget(process.argv), link && !link.dataset ? rendererQuery(link) : undefined);
  app.on("activate", () => {
    if (BrowserWindow.getAllWindows().length === 0) {
      window = createWindow();
      void window.loadURL(`${APP_ORIGIN}/index.html`);
    }
  });
}, showError);

app.on("window-all-closed", () => {
  if (process.platform !== "darwin") app.quit();
});

