/**
 * Notifications without duplicates: a notice with a key replaces the previous one of that key
 * while it is still shown, so that repeated lock notices do not pile up in the notification
 * centre.
 */
import { Notification } from '@jupyterlab/apputils';

export class Notices {
  /** Show ``message`` under ``key``: update the notice of that key if it is still there. */
  info(key: string, message: string, autoClose: number = 5000): void {
    this._show(key, message, 'info', autoClose);
  }

  /** A warning under ``key`` (replacing that key's notice). */
  warning(key: string, message: string, autoClose: number = 8000): void {
    this._show(key, message, 'warning', autoClose);
  }

  private _show(key: string, message: string, type: 'info' | 'warning', autoClose: number): void {
    const id = this._ids.get(key);
    if (id !== undefined && Notification.manager.has(id)) {
      Notification.update({ id, message, type, autoClose });
      return;
    }
    this._ids.set(key, Notification.emit(message, type, { autoClose }));
  }

  private _ids = new Map<string, string>();
}
