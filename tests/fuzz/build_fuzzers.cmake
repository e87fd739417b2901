# ctest fixture fuzz.build: configures and builds the clang + ASan/UBSan + libFuzzer tree
# (only the fuzz targets and the libraries they link). Re-runs are incremental (ccache too).
foreach(v SOURCE_DIR BUILD_DIR CXX)
  if(NOT DEFINED ${v})
    message(FATAL_ERROR "build_fuzzers.cmake: -D${v}= is required")
  endif()
endforeach()
execute_process(
  COMMAND ${CMAKE_COMMAND} -S ${SOURCE_DIR} -B ${BUILD_DIR} -G Ninja
          -DCMAKE_CXX_COMPILER=${CXX} -DMSNGATE_FUZZ=ON -DMSNGATE_SANITIZE=ON
          -DCMAKE_BUILD_TYPE=RelWithDebInfo
  RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "configuring the fuzz build failed (${rc})")
endif()
include(ProcessorCount)
ProcessorCount(jobs)
if(jobs LESS 1)
  set(jobs 2)
endif()
execute_process(
  COMMAND ${CMAKE_COMMAND} --build ${BUILD_DIR} --target fuzz_targets -j${jobs}
  RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "building the fuzz targets failed (${rc})")
endif()
