export const lookup = {
  'zh-CN': {
    noMatch: '没有与该身份证号和设备号同时匹配的账户。请核对两个号码。',
    notCachedHqOffline: '本地缓存中没有该账户，且总部目前离线，无法在线查询。请稍后重试，或请客户稍候。',
    hqError: '总部查询失败（{{code}}）。请稍后重试。',
    noMatchId: '没有与该身份证号匹配的账户。请核对号码。',
    locked: '查询失败次数过多，查询已锁定。请主管输入 PIN 解锁。',
    noStoreKey: '终端尚未从总部取得门店密钥，暂时无法查询。请确认总部在线后重试。',
  },
  en: {
    noMatch: 'No account matches this ID number and device number. Check both numbers.',
    notCachedHqOffline: 'This account is not in the local cache and HQ is offline, so it cannot be looked up now. Try again later.',
    hqError: 'The HQ lookup failed ({{code}}). Try again later.',
    noMatchId: 'No account matches this ID number. Check the number.',
    locked: 'Too many failed lookups: lookup is locked. A supervisor must enter a PIN to unlock it.',
    noStoreKey: 'The terminal has no store key from HQ yet, so it cannot look up. Make sure HQ is online and try again.',
  },
};
