// The statement wording is shared with the engine (one definition, pure).
export { describeExpectation, expectationNodes } from '../../../electron/lab/model/expectation-text';
