# qmac_require_vars(SCRIPT VAR...): stops a `cmake -P` test script with one line naming each -DVAR=... it
# was not given (shared by the fusesoc and package test scripts).
function(qmac_require_vars script)
  foreach(var ${ARGN})
    if(NOT DEFINED ${var})
      message(FATAL_ERROR "${script}: -D${var}=... is required")
    endif()
  endforeach()
endfunction()
