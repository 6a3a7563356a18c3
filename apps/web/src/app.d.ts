import type { UiError } from '$lib/errors';
import type { CountySession, ProvinceSession } from '$lib/server/session';

declare global {
  namespace App {
    interface Error {
      message: string;
      code?: string;
    }
    interface Locals {
      /** 适老化 mode (larger type, higher contrast), from a cookie */
      elder: boolean;
      /** the logged-in province user and token, on /province paths, when the hub accepted the token */
      province: ProvinceSession | null;
      /** set when the hub could not be asked whether the token is valid */
      provinceError: UiError | null;
      /** the logged-in county user and token, on /county/<code> paths */
      county: CountySession | null;
      countyError: UiError | null;
    }
    // interface PageData {}
    // interface PageState {}
    // interface Platform {}
  }
}

export {};
