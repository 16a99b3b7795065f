# libFuzzer targets (clang only): cmake -DCMAKE_CXX_COMPILER=clang++ -DTIERS_FUZZ=ON,
# then tests/fuzz/run.sh builds `fuzz_targets` and runs each target briefly.
# The io code under test is compiled again here with coverage, ASan and UBSan
# (UB aborts, so the fuzzer keeps it as a crash).
if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
  message(FATAL_ERROR "TIERS_FUZZ needs clang: cmake -DCMAKE_CXX_COMPILER=clang++ -DTIERS_FUZZ=ON")
endif()

set(TIERS_FUZZ_SANITIZE -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
add_library(tiers_fuzz_io STATIC ${TIERS_READER_SOURCES})
target_include_directories(tiers_fuzz_io PUBLIC include src)
target_compile_options(tiers_fuzz_io PRIVATE ${TIERS_WARNINGS} -fsanitize=fuzzer-no-link)
target_compile_options(tiers_fuzz_io PUBLIC ${TIERS_FUZZ_SANITIZE} -g)
target_link_options(tiers_fuzz_io PUBLIC ${TIERS_FUZZ_SANITIZE})
target_link_libraries(tiers_fuzz_io PUBLIC fmt::fmt ZLIB::ZLIB zstd::libzstd_shared)

add_custom_target(fuzz_targets)
foreach(target csv_tokenizer dates amounts utf8 sources reader)
  add_executable(fuzz_${target} tests/fuzz/fuzz_${target}.cc)
  target_compile_options(fuzz_${target} PRIVATE ${TIERS_WARNINGS} -fsanitize=fuzzer)
  target_link_options(fuzz_${target} PRIVATE -fsanitize=fuzzer)
  target_link_libraries(fuzz_${target} PRIVATE tiers_fuzz_io)
  add_dependencies(fuzz_targets fuzz_${target})
endforeach()
