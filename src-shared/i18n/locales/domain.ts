/** Messages of the business rules in src-shared/domain (see domain-errors.ts for the list). */
export const domain = {
  'zh-CN': {
    invalidArgument: '程序内部参数错误（{{name}}）。请重试；如仍失败请联系技术支持。',

    moneyEmpty: '请输入金额。',
    moneyFormat: '金额格式不对。请只输入数字，最多两位小数，例如 12 或 12.50。',
    moneyTooManyDecimals: '金额最多精确到分（两位小数），例如 12.35。',
    moneyNegative: '金额不能是负数，请输入 0 或更大的金额。',
    moneyTooLarge: '金额太大，请核对后重新输入。',
    moneyNotFen: '金额必须是以分为单位的整数（收到 {{value}}）。请重试；如仍失败请联系技术支持。',

    nationalIdEmpty: '请输入或扫描身份证号码。',
    nationalIdLength: '身份证号码应为 18 位，现在是 {{length}} 位。请对照证件重新输入。',
    nationalIdCharacters: '身份证号码只能是数字，最后一位可以是 X。请对照证件重新输入。',
    nationalIdBirthDate: '身份证号码第 7–14 位的出生日期不存在。请对照证件核对这 8 位数字。',
    nationalIdCheckChar: '身份证号码校验位不对，可能有一位输错了。请对照证件逐位核对。',

    deviceNumberEmpty: '请输入或扫描设备号（IMEI 或 ICCID）。',
    deviceNumberFormat: '设备号格式不对：IMEI 是 15 位数字，ICCID 是 89 开头的 19 或 20 位数字。请核对设备或卡上的号码。',
    deviceNumberCheckDigit: '{{kind}} 号码校验位不对，可能有一位输错了。请对照设备或卡上的号码重新输入，或直接扫码。',

    timeZoneInvalid: '门店时区“{{timeZone}}”无效。请在设置中选择正确的时区（例如 Asia/Shanghai）。',
    timeInvalidInstant: '时间无效。请重试；如仍失败请联系技术支持。',
    timeInvalidParts: '日期时间 {{value}} 不存在，请核对。',
    dateFormat: '日期格式应为 YYYY-MM-DD，例如 2026-11-25。',

    subscriptionSuspended: '该设备的服务已暂停（原因：{{reason}}），柜台不能续费。请让客户联系客服处理后再来。',
    subscriptionSuspendedNoReason: '该设备的服务已暂停，柜台不能续费。请让客户联系客服处理后再来。',
    subscriptionCancelled: '该设备的服务已注销（原因：{{reason}}），不能续费。如需继续使用，请办理新开通。',
    subscriptionCancelledNoReason: '该设备的服务已注销，不能续费。如需继续使用，请办理新开通。',
    subscriptionStatusUnknown: '设备状态“{{status}}”无法识别，暂不能续费。请同步总部数据后重试。',
    planInactive: '套餐 {{plan}} 已停售，不能续费。请为客户选择其他在售套餐。',
    termNotOffered: '该套餐没有 {{months}} 个月的期限。可选：{{offered}} 个月。',

    paymentDueInvalid: '应收金额无效。请重新生成报价后再收款。',
    paymentMethodUnknown: '不支持的付款方式“{{method}}”。请选择现金、银行卡、支付宝或微信支付。',
    paymentAmountInvalid: '付款金额必须大于 0，并且最多精确到分。',
    paymentMultipleCash: '只能有一笔现金付款。请把现金合并成一行。',
    paymentReferenceMissingCard: '请填写银行卡签购单上的凭证号或参考号（6–12 位数字）。',
    paymentReferenceMissingAlipay: '请填写支付宝交易号（28–32 位数字）。',
    paymentReferenceMissingWechat: '请填写微信支付交易单号（28–32 位数字）。',
    paymentReferenceFormatCard: '银行卡凭证号或参考号应为 6–12 位数字。请对照签购单重新输入。',
    paymentReferenceFormatAlipay: '支付宝交易号应为 28–32 位数字。请对照收款记录重新输入。',
    paymentReferenceFormatWechat: '微信支付交易单号应为 28–32 位数字。请对照收款记录重新输入。',
    paymentReferenceDuplicate: '这个交易号已经填过一次。同一笔交易不能记两次，请核对。',
    paymentNonCashOver: '刷卡和扫码合计 {{paid}}，超过应收 {{due}}。只有现金可以多收找零，请改正金额。',
    paymentShort: '还差 {{short}}（应收 {{due}}，已收 {{paid}}）。请补足后再确认。',
    paymentCashNotNeeded: '其他付款方式已经付清，不需要再收现金。请删除现金这一行。',

    cashCountDenominationUnknown: '不认识的面额 {{denomination}}。请只按 100、50、20、10、5、1 元和 5 角、1 角清点。',
    cashCountInvalid: '{{denomination}} 的数量必须是 0 或正整数。',
    reconcileReasonRequired: '钱箱差额 {{variance}} 超过允许的 {{threshold}}。请重新清点，或填写差额原因后再结账。',

    receiptNumberFormat: '小票号格式不对，应类似 S001-T01-20261125-000042。请对照小票重新输入或扫码。',

    creditCodeEmpty: '请输入纳税人识别号（统一社会信用代码）。',
    creditCodeLength: '统一社会信用代码应为 18 位，现在是 {{length}} 位。请对照营业执照重新输入。',
    creditCodeCharacters: '统一社会信用代码只含数字和大写字母（不含 I、O、Z、S、V）。请对照营业执照重新输入。',
    creditCodeCheckChar: '统一社会信用代码校验位不对，可能有一位输错了。请对照营业执照逐位核对。',

    idCardExpired: '这张身份证已过有效期（有效期至 {{until}}），不能用于办理。请客户出示有效证件。',
    idCardNotYetValid: '这张身份证的有效期从 {{from}} 才开始，请核对证件。',
    idCardValidityFormat: '读卡器返回的有效期无法识别，请重新读卡或手动输入身份证号。',
  },
  en: {
    invalidArgument: 'Internal argument error ({{name}}). Try again; if it keeps failing, call support.',

    moneyEmpty: 'Enter an amount.',
    moneyFormat: 'Not a valid amount. Type digits only, with at most two decimals, e.g. 12 or 12.50.',
    moneyTooManyDecimals: 'Amounts have at most two decimals (fen), e.g. 12.35.',
    moneyNegative: 'The amount cannot be negative. Enter 0 or more.',
    moneyTooLarge: 'The amount is too large. Check it and type it again.',
    moneyNotFen: 'An amount must be a whole number of fen (got {{value}}). Try again; if it keeps failing, call support.',

    nationalIdEmpty: 'Enter or scan the ID card number.',
    nationalIdLength: 'An ID number has 18 characters; this one has {{length}}. Type it again from the card.',
    nationalIdCharacters: 'An ID number has only digits, and the last may be X. Type it again from the card.',
    nationalIdBirthDate: 'The birth date in the ID number (characters 7-14) does not exist. Check those 8 digits against the card.',
    nationalIdCheckChar: 'The ID number\'s check character does not match: a character is probably mistyped. Check it digit by digit against the card.',

    deviceNumberEmpty: 'Enter or scan the device number (IMEI or ICCID).',
    deviceNumberFormat: 'Not a device number: an IMEI has 15 digits, an ICCID 19 or 20 digits starting with 89. Check the number on the device or SIM.',
    deviceNumberCheckDigit: 'The {{kind}} check digit does not match: a digit is probably mistyped. Type it again from the device or SIM, or scan it.',

    timeZoneInvalid: 'The store time zone "{{timeZone}}" is not valid. Choose the right zone in Settings (e.g. Asia/Shanghai).',
    timeInvalidInstant: 'Invalid time. Try again; if it keeps failing, call support.',
    timeInvalidParts: 'The date and time {{value}} does not exist. Check it.',
    dateFormat: 'Dates are written YYYY-MM-DD, e.g. 2026-11-25.',

    subscriptionSuspended: 'This device\'s service is suspended ({{reason}}), so it cannot be renewed at the counter. Ask the customer to contact customer service first.',
    subscriptionSuspendedNoReason: 'This device\'s service is suspended, so it cannot be renewed at the counter. Ask the customer to contact customer service first.',
    subscriptionCancelled: 'This device\'s service is cancelled ({{reason}}) and cannot be renewed. To keep using it, open a new service.',
    subscriptionCancelledNoReason: 'This device\'s service is cancelled and cannot be renewed. To keep using it, open a new service.',
    subscriptionStatusUnknown: 'Unknown device status "{{status}}": renewal is not possible yet. Sync with HQ and try again.',
    planInactive: 'Plan {{plan}} is no longer sold and cannot be renewed. Choose another plan with the customer.',
    termNotOffered: 'This plan has no {{months}}-month term. Terms offered: {{offered}} months.',

    paymentDueInvalid: 'The amount due is not valid. Make a new quote before taking payment.',
    paymentMethodUnknown: 'Unsupported payment method "{{method}}". Choose cash, bank card, Alipay or WeChat Pay.',
    paymentAmountInvalid: 'A payment amount must be more than 0 with at most two decimals.',
    paymentMultipleCash: 'Only one cash payment is allowed. Put all the cash on one line.',
    paymentReferenceMissingCard: 'Enter the voucher or reference number from the card slip (6-12 digits).',
    paymentReferenceMissingAlipay: 'Enter the Alipay transaction number (28-32 digits).',
    paymentReferenceMissingWechat: 'Enter the WeChat Pay transaction number (28-32 digits).',
    paymentReferenceFormatCard: 'A card voucher or reference number has 6-12 digits. Type it again from the card slip.',
    paymentReferenceFormatAlipay: 'An Alipay transaction number has 28-32 digits. Type it again from the payment record.',
    paymentReferenceFormatWechat: 'A WeChat Pay transaction number has 28-32 digits. Type it again from the payment record.',
    paymentReferenceDuplicate: 'This transaction number is already entered. A transaction cannot be recorded twice: check it.',
    paymentNonCashOver: 'Card and QR payments add up to {{paid}}, more than the {{due}} due. Only cash can be over-tendered: correct the amounts.',
    paymentShort: '{{short}} still to pay ({{due}} due, {{paid}} received). Take the rest before confirming.',
    paymentCashNotNeeded: 'The other payments already cover the total: no cash is needed. Remove the cash line.',

    cashCountDenominationUnknown: 'Unknown denomination {{denomination}}. Count only 100, 50, 20, 10, 5 and 1 yuan, 5 jiao and 1 jiao.',
    cashCountInvalid: 'The count of {{denomination}} must be 0 or a whole number.',
    reconcileReasonRequired: 'The drawer is off by {{variance}}, more than the {{threshold}} allowed. Count again, or enter the reason before closing.',

    receiptNumberFormat: 'Not a receipt number: it looks like S001-T01-20261125-000042. Type it again from the receipt, or scan it.',

    creditCodeEmpty: 'Enter the tax number (unified social credit code).',
    creditCodeLength: 'A unified social credit code has 18 characters; this one has {{length}}. Type it again from the business licence.',
    creditCodeCharacters: 'A unified social credit code has only digits and capital letters (no I, O, Z, S or V). Type it again from the business licence.',
    creditCodeCheckChar: 'The check character of this unified social credit code is wrong: one character may be mistyped. Compare it with the business licence.',

    idCardExpired: 'This ID card has expired (valid until {{until}}) and cannot be used. Ask the customer for a valid ID card.',
    idCardNotYetValid: 'This ID card is only valid from {{from}}. Check the card.',
    idCardValidityFormat: 'The reader sent a validity date that cannot be read. Read the card again or type the ID number.',
  },
};
