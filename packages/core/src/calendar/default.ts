import y2019 from '../../data/holidays-cn/2019.json' with { type: 'json' };
import y2020 from '../../data/holidays-cn/2020.json' with { type: 'json' };
import y2021 from '../../data/holidays-cn/2021.json' with { type: 'json' };
import y2022 from '../../data/holidays-cn/2022.json' with { type: 'json' };
import y2023 from '../../data/holidays-cn/2023.json' with { type: 'json' };
import y2024 from '../../data/holidays-cn/2024.json' with { type: 'json' };
import y2025 from '../../data/holidays-cn/2025.json' with { type: 'json' };
import y2026 from '../../data/holidays-cn/2026.json' with { type: 'json' };
import y2027 from '../../data/holidays-cn/2027.json' with { type: 'json' };
import { buildCalendar, type WorkingCalendar } from './calendar.js';
import { loadHolidayFile, type HolidayFile } from './holiday-file.js';

/**
 * The official holiday arrangements bundled with the system (data/holidays-cn, from
 * NateScarlet/holiday-cn; see data/SOURCES.md): 2019–2026, and 2027 as an empty placeholder
 * until its notice is published. A province admin loads newer years with `loadHolidayFile`
 * and `mergeCalendar`; the app persists them.
 */
export const BUNDLED_HOLIDAY_FILES: readonly HolidayFile[] = Object.freeze(
  [y2019, y2020, y2021, y2022, y2023, y2024, y2025, y2026, y2027].map((json) => {
    const file = loadHolidayFile(json);
    if (!file.ok) throw new Error(`bundled holiday file is invalid: ${JSON.stringify(file.error)}`);
    return file.value;
  }),
);

/** The working-day calendar of the bundled data. */
export const DEFAULT_CALENDAR: WorkingCalendar = buildCalendar(BUNDLED_HOLIDAY_FILES);
