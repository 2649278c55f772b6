package io.roster.contract.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;

/**
 * The {@code /error} endpoint every service shares, in place of Spring Boot's: where a refusal from outside a
 * controller (Spring Security's firewall, a servlet's {@code sendError}) is forwarded, it answers the services' JSON
 * error shape for the status, whatever the method or {@code Accept}. Called directly, it is an endpoint nobody
 * serves: 404.
 */
@RestController
public class JsonErrorController implements ErrorController {

    @RequestMapping("${server.error.path:${error.path:/error}}")
    public void error(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        ErrorAnswer.of(status instanceof Integer code ? code : 404).write(response);
    }
}
