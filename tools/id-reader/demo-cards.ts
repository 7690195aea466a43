/** The demo customers' ID cards (made-up people of the demo seed; fictional addresses) for the simulated reader. */
import { DEMO_ACCOUNTS } from '../../src-hq/demo-data';
import type { SimCard } from './server';

const ADDRESSES = ['北京市海淀区中关村南大街5号', '北京市朝阳区建国路88号', '上海市徐汇区漕溪北路18号', '深圳市南山区科技园南区3栋', '南京市玄武区中山路100号', '成都市锦江区红星路二段70号', '北京市东城区东直门内大街9号'];

export function demoIdCards(): SimCard[] {
  return DEMO_ACCOUNTS.map((a, i) => ({
    name: a.holderName,
    idNumber: a.nationalId,
    gender: Number(a.nationalId[16]) % 2 === 1 ? '男' : '女',
    address: ADDRESSES[i % ADDRESSES.length]!,
    validFrom: '20160301',
    validUntil: i === 0 ? '长期' : '20360301',
  }));
}
