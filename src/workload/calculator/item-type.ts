/** The sample item type `<WorkloadName>.Calculator`. Its jobs are declared here too (`jobs`). */
import { defineItemType } from '../../catalog';
import { calculateJob, CALCULATE_JOB } from './calculate-job';
import { calculatorInput, parseCalculatorDefinition, parseCalculatorDefinitionParts, toJson } from './definition';

export const calculatorItemType = defineItemType({
  name: 'Calculator',
  validateDefinition: (definition) => void parseCalculatorDefinitionParts(definition),
  validatePayload: (payload) => void parseCalculatorDefinition(payload, 'payload'),
  itemPayload: (item) => {
    const input = calculatorInput(item);
    return input ? toJson(input) : {};
  },
  jobs: { [CALCULATE_JOB]: calculateJob },
});
