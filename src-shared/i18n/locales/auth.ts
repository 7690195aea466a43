export const auth = {
  'zh-CN': {
    unknownClerk: '找不到该店员，请重新选择。',
    clerkLocked: '{{name}} 的 PIN 连续输错次数过多，已锁定。请主管解锁。',
    wrongPin: 'PIN 不正确，还可尝试 {{left}} 次。',
    notSignedIn: '请先登录。',
    notSupervisor: '此操作需要主管 PIN。',
    supervisorOnly: '只有主管可以执行此操作。请以主管身份登录后再试。',
    pinLocked: '{{name}} 的 PIN 连续输错次数过多，已锁定，约 {{minutes}} 分钟后可再试。主管可提前解锁。',
    publicPinThrottled: '本终端主管 PIN 输错次数过多，约 {{minutes}} 分钟后可再试；也可由主管登录后解锁。',
  },
  en: {
    unknownClerk: 'Clerk not found. Choose again.',
    clerkLocked: '{{name}} is locked after too many wrong PINs. Ask a supervisor to unlock.',
    wrongPin: 'Wrong PIN. {{left}} tries left.',
    notSignedIn: 'Sign in first.',
    notSupervisor: 'This needs a supervisor PIN.',
    supervisorOnly: 'Only a supervisor can do this. Sign in as a supervisor and try again.',
    pinLocked: '{{name}} is locked after too many wrong PINs. Try again in about {{minutes}} min, or ask a supervisor to unlock.',
    publicPinThrottled: 'Too many wrong supervisor PINs on this terminal. Try again in about {{minutes}} min, or sign in as the supervisor and unlock from there.',
  },
};
