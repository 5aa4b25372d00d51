/** The sample item type `<WorkloadName>.Calculator`. Its jobs are declared here too (`jobs`). */
import { defineItemType } from '../../catalog';
import { calculateJob, CALCULATE_JOB } from './calculate-job';
import { CALCULATOR_DEFINITION_PART, CALCULATOR_OPERATORS, calculatorInput, parseCalculatorDefinition, parseCalculatorDefinitionParts, toJson } from './definition';

export const calculatorItemType = defineItemType({
  name: 'Calculator',
  validateDefinition: (definition) => void parseCalculatorDefinitionParts(definition),
  validatePayload: (payload) => void parseCalculatorDefinition(payload, 'payload'),
  itemPayload: (item) => {
    const input = calculatorInput(item);
    return input ? toJson(input) : {};
  },
  jobs: { [CALCULATE_JOB]: calculateJob },
  cli: {
    part: CALCULATOR_DEFINITION_PART,
    fields: {
      operand1: { type: 'number', default: 6, description: 'the first operand' },
      operand2: { type: 'number', default: 7, description: 'the second operand' },
      operator: { type: 'string', choices: CALCULATOR_OPERATORS, default: 'add', description: 'the operation' },
    },
  },
});
