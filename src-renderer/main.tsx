import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { ClientContext } from './ClientContext';
import { createClient } from './client/client';
import { ipcTransport, takeLaunchToken, webTransport } from './client/transports';
import { initI18n } from './i18n';
import { CustomerDisplay } from './display/CustomerDisplay';
import './styles.css';

async function boot() {
  await initI18n();
  const root = createRoot(document.getElementById('root')!);
  // The customer-facing display (web: /?display; Electron: the window on the second screen) needs no
  // token and calls nothing: it only shows what the counter window publishes.
  if (new URLSearchParams(window.location.search).has('display')) {
    root.render(
      <StrictMode>
        <CustomerDisplay />
      </StrictMode>,
    );
    return;
  }
  let transport;
  if (window.counterApi) transport = ipcTransport(window.counterApi);
  else {
    const token = takeLaunchToken();
    if (!token) {
      root.render(
        <main className="fatal" data-testid="no-token">
          <h1>柜台终端 / Counter Terminal</h1>
          <p>请使用启动时打印的完整网址（含 #token=…）打开本页面。</p>
          <p>Open this page with the full URL printed at start-up (it ends in #token=…).</p>
        </main>,
      );
      return;
    }
    transport = webTransport(token);
  }
  root.render(
    <StrictMode>
      <ClientContext.Provider value={createClient(transport)}>
        <App />
      </ClientContext.Provider>
    </StrictMode>,
  );
}

void boot();
