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

# orgforces_defaults(target): warnings for our own code (never for third-party headers) and the
# generated headers (orgforces/version.hpp). Our own headers come from orgforces_layer.
function(orgforces_defaults target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor)
  if(ORGFORCES_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
  target_include_directories(${target} PUBLIC ${CMAKE_BINARY_DIR}/generated)
endfunction()

# orgforces_layer(target dir [PUBLIC_HEADERS h...]): the headers of one layer (docs/architecture.md,
# "Public and internal headers"). The target's own sources see every header in `dir` (as
# "dir/name.hpp"); targets linking it see only PUBLIC_HEADERS, the ones another layer includes, so
# including another layer's internal header fails to compile. The include paths are folders of
# symbolic links under the build tree, rebuilt at each configure.
function(orgforces_layer target dir)
  cmake_parse_arguments(PARSE_ARGV 2 arg "" "" "PUBLIC_HEADERS")
  set(root ${CMAKE_BINARY_DIR}/layers/${target})
  if(IS_SYMLINK ${root}/private/${dir})
    file(REMOVE ${root}/private/${dir})
  endif()
  file(REMOVE_RECURSE ${root}/public)
  get_filename_component(parent ${root}/private/${dir} DIRECTORY)
  file(MAKE_DIRECTORY ${parent} ${root}/public/${dir})
  file(CREATE_LINK ${PROJECT_SOURCE_DIR}/${dir} ${root}/private/${dir} SYMBOLIC)
  foreach(header ${arg_PUBLIC_HEADERS})
    if(NOT EXISTS ${PROJECT_SOURCE_DIR}/${dir}/${header})
      message(FATAL_ERROR "orgforces_layer(${target}): no header ${dir}/${header}")
    endif()
    file(CREATE_LINK ${PROJECT_SOURCE_DIR}/${dir}/${header} ${root}/public/${dir}/${header} SYMBOLIC)
  endforeach()
  target_include_directories(${target} PRIVATE ${root}/private PUBLIC ${root}/public)
endfunction()

# orgforces_white_box(target): tests check internals, so they see every header of every layer.
function(orgforces_white_box target)
  target_include_directories(${target} PRIVATE ${PROJECT_SOURCE_DIR})
endfunction()
