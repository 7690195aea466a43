/**
 * The part of the `qrcode` package the renderer uses (its browser build), for tsconfig.renderer.json only:
 * @types/qrcode references Node's types, which the renderer's own check must not see. The full tsconfig
 * uses @types/qrcode itself, so the two must agree on this call.
 */
declare const QRCode: {
  toDataURL(text: string, options?: { errorCorrectionLevel?: 'L' | 'M' | 'Q' | 'H'; margin?: number; width?: number }): Promise<string>;
};
export default QRCode;
