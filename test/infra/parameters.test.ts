import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compiledMainTemplate, COMPILE_TIMEOUT_MS, INFRA_DIR, type ArmTemplate } from './support/arm-template';

interface ParametersFile {
  parameters: Record<string, { value: unknown }>;
}

const parametersFile = JSON.parse(readFileSync(join(INFRA_DIR, 'main.parameters.json'), 'utf8')) as ParametersFile;

describe('infra/main.parameters.json (what azd passes to main.bicep)', () => {
  let template: ArmTemplate;

  beforeAll(async () => {
    template = await compiledMainTemplate();
  }, COMPILE_TIMEOUT_MS);

  it('names only parameters main.bicep declares', () => {
    const declared = Object.keys(template.parameters ?? {});
    expect(Object.keys(parametersFile.parameters).filter((p) => !declared.includes(p))).toEqual([]);
  });

  it('supplies every parameter that has no default (azd prompts for the unset ones)', () => {
    const required = Object.entries(template.parameters ?? {})
      .filter(([, p]) => p.defaultValue === undefined)
      .map(([name]) => name);
    expect(required.sort()).toEqual(['backendAppId', 'backendAudience', 'environmentName', 'location']);
    expect(required.filter((name) => !(name in parametersFile.parameters))).toEqual([]);
  });

  it('takes string values from the azd environment, with the template default where it has one', () => {
    // Non-string values (e.g. a corsAllowedOrigins array a team adds) are literal; strings come from `azd env set`.
    for (const [name, { value }] of Object.entries(parametersFile.parameters).filter(([, p]) => typeof p.value === 'string')) {
      expect({ name, value }).toEqual({ name, value: expect.stringMatching(/^\$\{[A-Z_]+(=[^}]*)?\}$/) });
      const fallback = /=([^}]*)\}$/.exec(String(value))?.[1];
      if (fallback !== undefined) {
        const templateDefault = template.parameters?.[name]?.defaultValue;
        expect({ name, fallback }).toEqual({ name, fallback: String(templateDefault) });
      }
    }
  });

  it('uses the environment names azd itself sets for the name, region and signed-in principal', () => {
    expect(parametersFile.parameters.environmentName.value).toBe('${AZURE_ENV_NAME}');
    expect(parametersFile.parameters.location.value).toBe('${AZURE_LOCATION}');
    expect(parametersFile.parameters.principalId.value).toBe('${AZURE_PRINCIPAL_ID}');
  });
});
