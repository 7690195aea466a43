import { Component, type ErrorInfo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

function Fallback({ onRecover }: { onRecover: () => void }) {
  const { t } = useTranslation('counter');
  return (
    <section className="screen screen-error" role="alert" data-testid="screen-error">
      <h1>{t('boundary.title')}</h1>
      <p>{t('boundary.message')}</p>
      <button type="button" className="primary" data-testid="screen-recover" ref={(el) => el?.focus()} onClick={onRecover}>
        {t('boundary.recover')}
      </button>
    </section>
  );
}

/**
 * One per screen: a render error in a screen shows a recover button in its place (nav, status bar and
 * the other screens go on working) and is sent to the main process log (`system.rendererError`).
 */
export class ScreenBoundary extends Component<
  { screen: string; onError: (screen: string, error: Error, componentStack: string) => void; children: ReactNode },
  { error: Error | null; attempt: number }
> {
  override state = { error: null as Error | null, attempt: 0 };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo) {
    this.props.onError(this.props.screen, error, info.componentStack ?? '');
  }

  override render() {
    if (this.state.error) return <Fallback onRecover={() => this.setState((s) => ({ error: null, attempt: s.attempt + 1 }))} />;
    // a new attempt mounts the screen afresh
    return <div className="contents" key={this.state.attempt}>{this.props.children}</div>;
  }
}
