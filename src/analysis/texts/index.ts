// The language packs by language tag.
import type { Lang } from '../diagnose';
import { en } from './en';
import type { TextPack } from './types';
import { zhCN } from './zh-CN';

export const PACKS: Record<Lang, TextPack> = { en, 'zh-CN': zhCN };
