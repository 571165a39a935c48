import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

const root = join(__dirname, '..', '..');

/** Every stack of the repository that names a folder of its own templates (`gatehouse:messages.templates`). */
export function stackTemplateFolders(): { stack: string; setting: string; folder: string }[] {
  return readdirSync(root)
    .map((file) => /^Pulumi\.(.+)\.yaml$/.exec(file)?.[1])
    .filter((stack): stack is string => stack !== undefined)
    .sort()
    .flatMap((stack) => {
      const document = (parse(readFileSync(join(root, `Pulumi.${stack}.yaml`), 'utf8')) ?? {}) as { config?: Record<string, unknown> };
      const messages = document.config?.['gatehouse:messages'] as { templates?: unknown } | undefined;
      return typeof messages?.templates === 'string' ? [{ stack, setting: messages.templates, folder: join(root, messages.templates) }] : [];
    });
}
