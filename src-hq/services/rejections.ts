import type { RejectionCode } from '../../src-shared/hq-protocol/schemas';

/** What the clerk reads when HQ refuses an event: what is wrong and what to do next. */
export const REJECTION_MESSAGES: Record<RejectionCode, { zh: string; en: string }> = {
  INVALID_EVENT: {
    zh: '总部无法识别这条记录的格式。请联系技术支持，并保留小票。',
    en: 'HQ could not read this record. Call support and keep the receipt.',
  },
  ACCOUNT_NOT_FOUND: {
    zh: '总部找不到该账户。请退款给顾客，并核对证件号和设备号后重新办理。',
    en: 'HQ has no such account. Refund the customer, check the ID and device numbers, and try again.',
  },
  ACCOUNT_SUSPENDED: {
    zh: '该账户已被总部冻结，不能续费。请退款给顾客，并请其联系客服。',
    en: 'HQ has suspended this account; it cannot be renewed. Refund the customer and ask them to call customer service.',
  },
  ACCOUNT_CLOSED: {
    zh: '该账户已注销，不能续费。请退款给顾客。',
    en: 'This account is closed and cannot be renewed. Refund the customer.',
  },
  DEVICE_NOT_ON_ACCOUNT: {
    zh: '该设备不属于此账户。请退款给顾客，并核对设备号。',
    en: 'This device is not on the account. Refund the customer and check the device number.',
  },
  SUBSCRIPTION_SUSPENDED: {
    zh: '该设备的服务已暂停（如挂失），不能续费。请退款给顾客，并请其联系客服恢复。',
    en: 'Service on this device is suspended (e.g. reported lost) and cannot be renewed. Refund the customer and ask them to call customer service.',
  },
  SUBSCRIPTION_CANCELLED: {
    zh: '该设备的服务已取消，不能续费。请退款给顾客。',
    en: 'Service on this device is cancelled and cannot be renewed. Refund the customer.',
  },
  PLAN_NOT_FOUND: {
    zh: '总部没有这个套餐。请退款给顾客，同步后重新选择套餐。',
    en: 'HQ has no such plan. Refund the customer, sync, and choose the plan again.',
  },
  PLAN_INACTIVE: {
    zh: '该套餐已停售。请退款给顾客，同步后选择在售套餐。',
    en: 'This plan is no longer sold. Refund the customer, sync, and choose a current plan.',
  },
  PLAN_DEVICE_MISMATCH: {
    zh: '该套餐不适用于此类设备。请退款给顾客，并选择适用的套餐。',
    en: 'This plan is not for this kind of device. Refund the customer and choose a matching plan.',
  },
  TERM_NOT_OFFERED: {
    zh: '该套餐没有这个期限。请退款给顾客，同步后重新选择期限。',
    en: 'The plan does not offer this term. Refund the customer, sync, and choose the term again.',
  },
  PRICE_MISMATCH: {
    zh: '收取的价格与总部价目不符。请同步价目后，按差额退补。',
    en: 'The price charged does not match the HQ catalog. Sync the catalog and settle the difference.',
  },
  PAYMENT_MISMATCH: {
    zh: '付款合计减去找零不等于售价。请核对付款记录并联系主管。',
    en: 'The payments minus change do not add up to the price. Check the payments and call a supervisor.',
  },
  SALE_NOT_FOUND: {
    zh: '总部找不到要作废的销售。请确认原销售已上传，再联系技术支持。',
    en: 'HQ cannot find the sale to void. Check that the original sale was sent, then call support.',
  },
  SUPERVISOR_REQUIRED: {
    zh: '作废需要本店在职主管授权，该工号不是主管。请由主管重新授权。',
    en: 'A void needs an active supervisor of this store; this clerk is not one. Ask a supervisor to authorise it.',
  },
  REFUND_MISMATCH: {
    zh: '作废的退款与原销售的收款不符（按支付方式核对），总部未作废该销售。请保留作废单，联系主管核对退款。',
    en: "The void's refunds do not match what the sale took (by payment method); HQ did not void the sale. Keep the void slip and ask a supervisor to check the refunds.",
  },
  RECEIPT_NUMBER_USED: {
    zh: '总部已有本终端使用该小票号（或同一序号）的另一笔销售，本笔未入账。终端账本可能被替换：请保留小票，停止收款，联系主管恢复备份或重新登记终端。',
    en: 'HQ already holds another sale of this terminal under this receipt number (or its sequence); this sale was not recorded. The terminal’s ledger may have been replaced: keep the receipt, stop selling and ask a supervisor to restore the backup or re-enrol the terminal.',
  },
  SEQUENCE_USED: {
    zh: '总部已收到本终端同一序号的另一条记录，本条未处理。终端账本可能被替换：请停止收款，联系主管恢复备份或重新登记终端。',
    en: 'HQ already received another record of this terminal under this sequence number; this one was not applied. The terminal’s ledger may have been replaced: stop selling and ask a supervisor to restore the backup or re-enrol the terminal.',
  },
  // account services (their own texts in services/account-service.ts; these are the generic fallback)
  ALREADY_REPORTED_LOST: { zh: '该设备已经挂失。', en: 'This device is already reported lost.' },
  NOT_REPORTED_LOST: { zh: '该设备没有挂失。', en: 'This device is not reported lost.' },
  PHONE_INVALID: { zh: '手机号码格式不对。', en: 'The mobile number is not valid.' },
  PHONE_UNCHANGED: { zh: '手机号码没有变化。', en: 'The mobile number is unchanged.' },
  INVOICE_EXISTS: {
    zh: '总部已收到这笔交易的另一份发票申请，以第一份为准。如需更改请联系客服。',
    en: 'HQ already holds another invoice request for this sale; the first one stands. Call customer service to change it.',
  },
  SALE_VOIDED: { zh: '这笔交易已作废，不能开具发票。', en: 'This sale is voided; no invoice can be issued for it.' },
};

export const CONFLICT_MESSAGE = {
  zh: '这条记录的编号已被另一条内容不同的记录使用，总部未作处理。请联系技术支持。',
  en: 'This record ID was already used for a different record; HQ did nothing. Call support.',
};
