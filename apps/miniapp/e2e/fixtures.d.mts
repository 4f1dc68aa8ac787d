export declare function solidPng(size?: number, rgb?: [number, number, number]): Buffer
