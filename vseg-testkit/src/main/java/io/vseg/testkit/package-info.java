/**
 * Fakes of the runtime's contexts, a fake staged network, synthetic frames and the plugin contract test: what a
 * plugin's unit tests need instead of hand-written stubs. See the module's description.
 */
package io.vseg.testkit;
