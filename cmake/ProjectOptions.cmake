# Compiler settings shared by every orgforces target.

# Determinism: a seed must mean the same numbers on every machine and thread count, so the
# compiler may not fuse multiply-adds (results would depend on the instruction set) nor
# reassociate floating-point sums.
add_compile_options(-ffp-contract=off -fno-fast-math)

if(ORGFORCES_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  # GCC 12's flow analysis reports false "may be used uninitialized" inside libstdc++ (<regex>,
  # std::function) once the sanitizers instrument the code; the plain builds keep the warning.
  add_compile_options(-Wno-maybe-uninitialized)
  add_link_options(-fsanitize=address,undefined)
endif()

# orgforces_defaults(target): warnings for our own code (never for third-party headers).
function(orgforces_defaults target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor)
  if(ORGFORCES_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
  target_include_directories(${target} PUBLIC ${PROJECT_SOURCE_DIR} ${CMAKE_BINARY_DIR}/generated)
endfunction()
