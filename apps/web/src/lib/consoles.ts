/** Masthead texts of the two consoles (the root layout shows them instead of the portal's). */
export interface ConsoleInfo {
  title: string;
  subtitle: string;
  home: string;
}

export const PROVINCE_CONSOLE: ConsoleInfo = {
  title: '河北省政务公开管理平台',
  subtitle: '省级管理 · 全省县级节点接入与联邦同步',
  home: '/province',
};

export const countyConsole = (code: string, countyName: string, cityName: string | null): ConsoleInfo => ({
  title: `${countyName}人民政府政务公开`,
  subtitle: `${cityName && cityName !== countyName ? `${cityName} · ` : ''}事项目录管理（县级节点 ${code}）`,
  home: `/county/${code}`,
});

export const HUB_ROLE_NAMES: Record<string, string> = {
  province_admin: '省级管理员',
  city_reviewer: '市级审核员',
};

export const COUNTY_ROLE_NAMES: Record<string, string> = {
  county_admin: '县级管理员',
  county_editor: '编辑',
  county_reviewer: '审核员',
};
