/** Counter-grade screen texts (issue 13): keyboard hints, live status, boundaries, customer display. */
export const counter = {
  'zh-CN': {
    pay: {
      method: '付款方式',
      keys: '↑↓ 切换收款金额 · + 增加一笔付款（默认尚欠金额）',
    },
    print: {
      printing: '收据打印中…',
      printed: '收据已打印',
      notPrinted: '收据未打印',
      retry: '重试打印',
      reprint: '重印收据',
    },
    sale: {
      effectPending: '续费已受理，总部确认后几分钟内生效。',
      effectConfirmed: '总部已确认，续费已生效。',
    },
    /** Why HQ suspended or cancelled a service, by HQ's code (src-shared/domain/status-reasons); an unknown code shows HQ's text. */
    hqReasonCode: {
      reported_lost: '挂失',
      customer_request: '用户申请销户',
      unpaid: '欠费',
      identity_check: '待实名核验',
      fraud_suspected: '疑似欺诈，风控处理中',
      device_faulty: '设备故障',
      other: '其他原因',
    },
    display: {
      welcome: '欢迎光临',
      thanks: '谢谢惠顾！',
      plan: '套餐',
      months_other: '{{count}}个月',
      newExpiry: '新到期日',
      due: '应付',
      paid: '已付',
      change: '找零',
    },
    boundary: {
      title: '此界面出现问题',
      message: '柜台的其他功能不受影响，问题已记录到日志。可重新打开此界面；若再次出现，请联系 IT。',
      recover: '重新打开此界面',
    },
    status: {
      shiftOpen: '已开班 · {{date}}',
      noShift: '未开班 · {{date}}',
      businessDay: '营业日 {{date}}',
      noShiftUnknown: '未开班',
    },
  },
  en: {
    pay: {
      method: 'Method',
      keys: '↑↓ step the cash amount · + adds a payment for what is still due',
    },
    print: {
      printing: 'Printing the receipt…',
      printed: 'Receipt printed',
      notPrinted: 'Receipt not printed',
      retry: 'Retry printing',
      reprint: 'Reprint receipt',
    },
    sale: {
      effectPending: 'Renewal accepted. It takes effect within minutes of HQ confirming it.',
      effectConfirmed: 'Confirmed by HQ: the renewal is in effect.',
    },
    hqReasonCode: {
      reported_lost: 'reported lost',
      customer_request: 'closed at the customer\'s request',
      unpaid: 'unpaid bill',
      identity_check: 'identity check pending',
      fraud_suspected: 'under fraud review',
      device_faulty: 'device faulty',
      other: 'other reason',
    },
    display: {
      welcome: 'Welcome',
      thanks: 'Thank you!',
      plan: 'Plan',
      months_one: '{{count}} month',
      months_other: '{{count}} months',
      newExpiry: 'New expiry',
      due: 'Amount due',
      paid: 'Paid',
      change: 'Change',
    },
    boundary: {
      title: 'This screen ran into a problem',
      message: 'The rest of the counter still works and the problem was logged. Reopen the screen; if it happens again, call IT.',
      recover: 'Reopen this screen',
    },
    status: {
      shiftOpen: 'Shift open · {{date}}',
      noShift: 'No shift · {{date}}',
      businessDay: 'Business day {{date}}',
      noShiftUnknown: 'No shift open',
    },
  },
};
