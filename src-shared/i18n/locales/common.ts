export const common = {
  'zh-CN': {
    appName: '柜台终端',
  },
  en: {
    appName: 'Counter Terminal',
  },
};
