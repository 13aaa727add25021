# One image test (tests/CMakeLists.txt, parktwin_add_render_test): runs the real command, then
# compares its picture with the stored baseline by a perceptual score. The new picture stays in
# the build folder, so that a failure can be looked at (and, if it is right, made the baseline).
separate_arguments(args UNIX_COMMAND "${ARGS}")
file(REMOVE "${OUT}")
execute_process(COMMAND "${PARKTWIN}" render ${args} --out "${OUT}"
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "parktwin render failed (${rc}): ${err}${out}")
endif()
if(NOT EXISTS "${BASELINE}")
  message(FATAL_ERROR "no baseline ${BASELINE}: review ${OUT} and copy it there")
endif()
execute_process(COMMAND "${COMPARE}" "${OUT}" "${BASELINE}" "${THRESHOLD}"
                RESULT_VARIABLE rc OUTPUT_VARIABLE score)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "the picture differs from its baseline: ${score}new picture: ${OUT}\nbaseline: ${BASELINE}")
endif()
message(STATUS "${score}")
