/** Counter-grade screen texts (issue 13): keyboard hints, live status, boundaries, customer display. */
export const counter = {
  'zh-CN': {
    pay: {
      method: '付款方式',
      keys: '↑↓ 切换收款金额 · + 增加一笔付款（默认尚欠金额）',
    },
  },
  en: {
    pay: {
      method: 'Method',
      keys: '↑↓ step the cash amount · + adds a payment for what is still due',
    },
  },
};
