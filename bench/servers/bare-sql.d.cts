export declare const BARE_SITTINGS_SQL: string;
