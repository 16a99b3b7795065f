# End-to-end tests: golden CLI cases and comparisons with the independent
# oracle (tests/oracle, written from DESIGN.md alone).
file(GLOB TIERS_CLI_CASES LIST_DIRECTORIES true ${CMAKE_CURRENT_SOURCE_DIR}/tests/cli/*)
foreach(case_dir ${TIERS_CLI_CASES})
  if(EXISTS ${case_dir}/cmd)
    get_filename_component(case_name ${case_dir} NAME)
    add_test(NAME cli/${case_name}
             COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/tests/cli/run_case.sh ${case_dir} $<TARGET_FILE_DIR:tiers>)
  endif()
endforeach()

# Python runs the oracle and the README examples. The build itself does not
# need it (the quick start's first command installs no python3): without it
# these tests fail, saying so, instead of stopping the configure step.
find_package(Python3 COMPONENTS Interpreter)
if(NOT Python3_Interpreter_FOUND)
  set(Python3_EXECUTABLE ${CMAKE_CURRENT_SOURCE_DIR}/tests/no_python3.sh)
endif()
set(TIERS_ORACLE ${CMAKE_CURRENT_SOURCE_DIR}/tests/oracle)
add_test(NAME oracle/self_test
         COMMAND ${Python3_EXECUTABLE} -m unittest discover -s ${TIERS_ORACLE} -p test_oracle.py)
# Each line: name | data source | options. The same options go to tiers and
# the oracle; customers and report must be byte-identical.
set(TIERS_ORACLE_RUNS
  "edge|edge|"
  "edge_ntile|edge|--rfm-method ntile"
  "edge_pyramid|edge|--abc pyramid"
  "edge_metals_ntile|edge|--abc metals --rfm-method ntile"
  "edge_as_of|edge|--as-of 2024-04-15"
  "edge_cuts_rank|edge|--abc-cuts 0.5,0.75,0.9 --abc-by rank"
  "samples|samples|"
  "samples_ntile_pyramid|samples|--rfm-method ntile --abc pyramid"
  "generated_200k|gen200k|--as-of 2025-01-01"
  "generated_200k_ntile|gen200k|--as-of 2025-01-01 --rfm-method ntile --abc pyramid"
  "generated_200k_one_thread|gen200k|--as-of 2025-01-01 --threads 1"
  "generated_200k_shuffled|gen200k_shuffled|--as-of 2025-01-01 --rfm-method ntile"
  "generated_200k_stdin|gen200k_stdin|--as-of 2025-01-01"
  "generated_200k_shuffled_stdin_3_threads|gen200k_shuffled_stdin|--as-of 2025-01-01 --threads 3"
  "edge_stdin|edge_stdin|"
)
# The generated rows are made once, before the runs that read them: tests
# run in parallel, and gen.py compiling its generator in two of them at once
# fails ("Text file busy").
set(TIERS_ORACLE_DATA ${CMAKE_CURRENT_BINARY_DIR}/oracle-data)
add_test(NAME oracle/generate_200k
         COMMAND bash ${TIERS_ORACLE}/compare.sh --generate ${TIERS_ORACLE_DATA})
set_tests_properties(oracle/generate_200k PROPERTIES FIXTURES_SETUP oracle_gen200k)
foreach(run ${TIERS_ORACLE_RUNS})
  string(REPLACE "|" ";" parts "${run}")
  list(GET parts 0 name)
  list(GET parts 1 data)
  list(GET parts 2 opts)
  separate_arguments(opts UNIX_COMMAND "${opts}")
  add_test(NAME oracle/${name}
           COMMAND bash ${TIERS_ORACLE}/compare.sh $<TARGET_FILE:tiers> ${data} ${opts})
  set_tests_properties(oracle/${name} PROPERTIES ENVIRONMENT TIERS_ORACLE_DATA=${TIERS_ORACLE_DATA})
  if(data MATCHES "^gen200k")
    set_tests_properties(oracle/${name} PROPERTIES FIXTURES_REQUIRED oracle_gen200k)
  endif()
endforeach()

# The edge data as other exports write it (lone CRs, sep= line, title
# lines, no header, UTF-16): tiers on each = the oracle on the clean file.
add_test(NAME oracle/input_variants
         COMMAND bash ${TIERS_ORACLE}/variants.sh $<TARGET_FILE:tiers>)

add_test(NAME docs/readme_examples
         COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/tests/doc_examples.py
                 ${CMAKE_CURRENT_SOURCE_DIR}/README.md $<TARGET_FILE_DIR:tiers>)
add_test(NAME docs/quick_start_matches_ci COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/tests/quick_start_test.sh)

# Real-world dialects (encodings, delimiters, date and number formats,
# compression, several files, stdin) must classify like the clean file.
add_test(NAME dialects/same_as_clean
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/tests/dialects/check.sh $<TARGET_FILE:tiers>)
